using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OrleansSms.Domain.Sending;

/// <summary>
/// A short digest of what a send request asked for, kept with the message its idempotency key
/// recorded: the same key again with the same fingerprint is a retry (the first result is
/// replayed), with another one a different message (refused, see <see cref="MessageLog.IsKeyReused"/>).
/// </summary>
/// <remarks>
/// It covers what the caller wrote, not what it became: the content's id rather than its text
/// (a content edited between two tries of one request is still the same request), the text when
/// no content is named, the recipient (an alert's number; a contact's key is the contact's own),
/// the sender, the kind and every variable. 128 bits of SHA-256 over length-prefixed parts, so no
/// two different requests share one by accident or by their parts' boundaries.
/// </remarks>
public static class RequestFingerprints
{
    private const string Version = "v1";

    public static string Of(
        SmsKind kind, string? to, string? smsId, string? text, string senderName, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(senderName);
        ArgumentNullException.ThrowIfNull(variables);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Version);
        Append(hash, kind == SmsKind.Newsletter ? "newsletter" : "transactional");
        Append(hash, to);
        Append(hash, smsId);
        Append(hash, text);
        Append(hash, senderName);
        var names = variables.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        Append(hash, names.Length);
        foreach (var name in names)
        {
            Append(hash, name);
            Append(hash, variables[name]);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToBase64String(digest[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The length (-1 for null), then the UTF-8 bytes.</summary>
    private static void Append(IncrementalHash hash, string? part)
    {
        Append(hash, part is null ? -1 : Encoding.UTF8.GetByteCount(part));
        if (part is not null)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part));
        }
    }

    private static void Append(IncrementalHash hash, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        hash.AppendData(bytes);
    }
}
