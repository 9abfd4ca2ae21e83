using System.Security.Cryptography;
using System.Text;

namespace OrleansSms.Domain.Contacts;

/// <summary>
/// Contact and store ids. A contact id is 1–32 characters of <c>A-Z a-z 0-9 _ -</c> so that a
/// message's <c>clientId</c> (≤ 40 characters) can carry it plus a message number; a store id is
/// 1–64 characters of the same set.
/// </summary>
public static class ContactIds
{
    public const int MaxLength = 32;
    public const int MaxStoreIdLength = 64;
    private const int MaxEmailLength = 254;

    public static bool IsValid(string? id) => id is not null && IsValid(id.AsSpan());

    public static bool IsValid(ReadOnlySpan<char> id) => IsIdText(id, MaxLength);

    public static bool IsValidStoreId(string? id) => id is not null && IsIdText(id, MaxStoreIdLength);

    private static bool IsIdText(ReadOnlySpan<char> id, int max)
    {
        if (id.Length == 0 || id.Length > max) return false;
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) return false;
        }
        return true;
    }

    /// <summary>
    /// The stable contact id of an email-keyed contact: <c>"e"</c> followed by the first 31
    /// lower-case hex characters (124 bits) of SHA-256 over the UTF-8 of the normalised email
    /// (trimmed, lower-case invariant). 32 characters, always valid per <see cref="IsValid(string?)"/>,
    /// the same for every spelling of the address that normalises alike; collisions are not a
    /// practical concern at 124 bits. Throws <see cref="ArgumentException"/> for an invalid email.
    /// </summary>
    public static string FromEmail(string email)
    {
        if (!TryNormalizeEmail(email, out var normalized))
        {
            throw new ArgumentException("Not a valid email address.", nameof(email));
        }
        return FromNormalizedEmail(normalized);
    }

    /// <summary>Same as <see cref="FromEmail"/> for an already normalised email (no re-checks).</summary>
    public static string FromNormalizedEmail(string normalizedEmail)
    {
        Span<byte> utf8 = normalizedEmail.Length <= MaxEmailLength
            ? stackalloc byte[MaxEmailLength * 3]
            : new byte[Encoding.UTF8.GetMaxByteCount(normalizedEmail.Length)];
        var n = Encoding.UTF8.GetBytes(normalizedEmail, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..n], hash);
        Span<char> id = stackalloc char[MaxLength + 1];
        id[0] = 'e';
        Convert.TryToHexStringLower(hash[..16], id[1..], out _);
        return new string(id[..MaxLength]);
    }

    /// <summary>
    /// Trims and lower-cases (invariant) an email and checks it: at most 254 characters, exactly
    /// one <c>@</c>, a non-empty local part, a domain with a dot that neither starts nor ends the
    /// domain nor doubles up, and no whitespace or control characters anywhere. Deliberately
    /// simple (no quoted local parts, no display names).
    /// </summary>
    public static bool TryNormalizeEmail(string? email, out string normalized)
    {
        normalized = "";
        if (email is null) return false;
        var span = email.AsSpan().Trim();
        if (!IsPlausibleEmail(span)) return false;

        var lowerNeeded = false;
        foreach (var c in span)
        {
            if (char.IsUpper(c)) { lowerNeeded = true; break; }
        }
        normalized = lowerNeeded
            ? span.ToString().ToLowerInvariant()
            : span.Length == email.Length ? email : span.ToString();
        return true;
    }

    /// <summary>Same check as <see cref="TryNormalizeEmail(string?, out string)"/> for a span.</summary>
    public static bool TryNormalizeEmail(ReadOnlySpan<char> email, out string normalized)
    {
        normalized = "";
        var span = email.Trim();
        if (!IsPlausibleEmail(span)) return false;
        normalized = span.ToString().ToLowerInvariant();
        return true;
    }

    private static bool IsPlausibleEmail(ReadOnlySpan<char> s)
    {
        if (s.Length < 3 || s.Length > MaxEmailLength) return false;
        var at = s.IndexOf('@');
        if (at <= 0 || at != s.LastIndexOf('@')) return false;
        var domain = s[(at + 1)..];
        if (domain.Length < 3 || domain[0] == '.' || domain[^1] == '.' || domain.IndexOf('.') < 0) return false;
        if (domain.Contains("..", StringComparison.Ordinal)) return false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')' or '[' or ']' or '\\') return false;
        }
        return true;
    }
}
