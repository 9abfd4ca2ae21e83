using System.Net;

namespace OrleansSms.Domain.Webhooks;

/// <summary>
/// Where a webhook may point: an absolute <c>https://</c> URL; plain <c>http://</c> only for a
/// loopback address (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>[::1]</c>: tests and development).
/// No user name or password in it (a credential in a URL ends up in logs; the signature is the
/// authentication) and no fragment.
/// </summary>
public static class WebhookUrls
{
    public const int MaxLength = 2_048;

    /// <summary>Null when <paramref name="url"/> may be a webhook's; else what is wrong with it, worded for an error.</summary>
    public static string? Problem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength)
        {
            return $"must be an absolute https:// URL of at most {MaxLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || url.Any(char.IsWhiteSpace))
        {
            return "is not an absolute URL: use https://host/path.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            return "must use https://: plain http:// is taken only for loopback addresses (localhost, 127.0.0.1, [::1]).";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return "must be an https:// URL.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password: the OrleansSms-Signature header authenticates each delivery.";
        }

        if (uri.Fragment.Length > 0)
        {
            return "must not have a #fragment: it never reaches the server.";
        }

        return null;
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
