using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansSms.Domain.Webhooks;

/// <summary>
/// The <c>OrleansSms-Signature</c> header of a delivery: <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>,
/// where the hex is HMAC-SHA256 keyed with the webhook's secret (its UTF-8 bytes, prefix
/// included) over <c>"&lt;t&gt;.&lt;raw body&gt;"</c>. The timestamp is inside what is signed, so a
/// receiver that refuses old timestamps refuses replays too.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "OrleansSms-Signature";

    /// <summary>How old a timestamp <see cref="Verify"/> accepts by default (either way).</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The lower-case hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c> keyed with <paramref name="secret"/>.</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>The header's value for <paramref name="body"/> signed at <paramref name="timestamp"/> (unix seconds).</summary>
    public static string Header(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Compute(secret, timestamp, body)}";

    /// <summary>
    /// Reads a header: its timestamp and every <c>v1</c> signature in it (a receiver accepts any
    /// one that matches). False when it has no valid <c>t</c> or no <c>v1</c>.
    /// </summary>
    public static bool TryParse(string? header, out long timestamp, out IReadOnlyList<string> signatures)
    {
        timestamp = 0;
        var found = new List<string>();
        signatures = found;
        var hasTimestamp = false;
        foreach (var part in (header ?? "").Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var (key, value) = (part[..equals].Trim(), part[(equals + 1)..].Trim());
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
                hasTimestamp = true;
            }
            else if (key == "v1" && value.Length > 0)
            {
                found.Add(value);
            }
        }

        return hasTimestamp && found.Count > 0;
    }

    /// <summary>
    /// What a receiver does: the header parses, its timestamp is within <paramref name="tolerance"/>
    /// of <paramref name="now"/>, and one of its signatures is the body's, compared in constant time.
    /// </summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (!TryParse(header, out var timestamp, out var signatures))
        {
            return false;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (age.Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        foreach (var signature in signatures)
        {
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
            {
                return true;
            }
        }

        return false;
    }
}
