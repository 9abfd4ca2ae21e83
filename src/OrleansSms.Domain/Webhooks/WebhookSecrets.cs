using System.Security.Cryptography;

namespace OrleansSms.Domain.Webhooks;

/// <summary>
/// A webhook's signing secret: <c>whsec_</c> and 256 random bits in base64url. The prefix says
/// what it is wherever it turns up (the log redaction looks for it too).
/// </summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    private const int Bytes = 32;

    public static string New() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(Bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
