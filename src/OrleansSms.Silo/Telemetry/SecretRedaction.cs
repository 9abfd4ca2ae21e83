using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OrleansSms.Silo.Telemetry;

/// <summary>
/// Takes secrets out of URLs before they reach logs or traces. Two paths carry one:
/// Instasent's callback URL <c>/callbacks/instasent/{storeId}/{secret}</c> (the secret is the
/// callback's only authentication) and the bundled simulator's token registration
/// <c>/_sim/tokens/{token}</c> (the store's Instasent token). Both become their route template's
/// placeholder; the store id stays, it is no secret. A webhook's signing secret travels in no
/// URL and is never logged, but it has a prefix of its own (<c>whsec_</c>): wherever one turns up
/// all the same (a record printed in an exception's message), it becomes <c>whsec_{secret}</c>.
/// </summary>
/// <remarks>
/// The Instasent token otherwise only ever travels in the <c>Authorization</c> header, and API
/// keys too: neither ASP.NET Core's nor HttpClient's instrumentation records headers, and
/// IHttpClientFactory's logging redacts header values.
/// </remarks>
public static partial class SecretRedaction
{
    public const string SecretPlaceholder = "{secret}";
    public const string TokenPlaceholder = "{token}";
    public const string WebhookSecretPlaceholder = Domain.Webhooks.WebhookSecrets.Prefix + SecretPlaceholder;

    /// <summary>Whether <paramref name="text"/> may hold a secret-bearing path (a cheap ordinal check, whatever the path's shape).</summary>
    public static bool MayContainSecret(string? text) =>
        text is not null &&
        ((text.Contains("callbacks", StringComparison.OrdinalIgnoreCase) && text.Contains("instasent", StringComparison.OrdinalIgnoreCase)) ||
         (text.Contains("_sim", StringComparison.OrdinalIgnoreCase) && text.Contains("tokens", StringComparison.OrdinalIgnoreCase)) ||
         text.Contains(Domain.Webhooks.WebhookSecrets.Prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// <paramref name="text"/> with every callback secret and simulator token replaced by a
    /// placeholder. The shape of the path does not matter: repeated slashes, dot segments, a
    /// missing store id or extra segments; everything after the store id up to the end of the
    /// path goes, and a path with no segment after the store's loses that one too.
    /// </summary>
    public static string Redact(string text)
    {
        if (!MayContainSecret(text))
        {
            return text;
        }

        text = CallbackPath().Replace(text, static m =>
        {
            var rest = m.Groups["rest"].Value;
            var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return segments.Length switch
            {
                0 => m.Value,
                1 => m.Groups["prefix"].Value + SecretPlaceholder,
                _ => m.Groups["prefix"].Value + segments[0] + "/" + SecretPlaceholder,
            };
        });
        text = SimulatorTokenPath().Replace(text, static m =>
            m.Groups["rest"].Value.Trim('/').Length == 0 ? m.Value : m.Groups["prefix"].Value + TokenPlaceholder);
        return WebhookSecret().Replace(text, WebhookSecretPlaceholder);
    }

    /// <summary>Rewrites the span's display name and every string tag that holds a secret-bearing path.</summary>
    public static void Redact(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        if (MayContainSecret(activity.DisplayName))
        {
            activity.DisplayName = Redact(activity.DisplayName);
        }

        List<KeyValuePair<string, string>>? changes = null;
        foreach (var (key, value) in activity.TagObjects)
        {
            var text = value as string ?? (value is Uri uri ? uri.OriginalString : null);
            if (MayContainSecret(text))
            {
                (changes ??= []).Add(new(key, Redact(text!)));
            }
        }

        if (changes is not null)
        {
            foreach (var (key, value) in changes)
            {
                activity.SetTag(key, value);
            }
        }
    }

    // The path runs to a query or fragment, whitespace, or a quote (a path inside a message).
    [GeneratedRegex("""(?<prefix>/+callbacks/+instasent/+)(?<rest>[^?#\s"'<>]*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CallbackPath();

    [GeneratedRegex("whsec_[A-Za-z0-9_-]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WebhookSecret();

    [GeneratedRegex("""(?<prefix>/+_sim/+tokens/+)(?<rest>[^?#\s"'<>]*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SimulatorTokenPath();
}
