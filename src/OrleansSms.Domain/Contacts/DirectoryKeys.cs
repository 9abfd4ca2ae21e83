namespace OrleansSms.Domain.Contacts;

/// <summary>
/// The directory's compact forms of what a contact list searches by: a phone as the number its
/// E.164 digits spell, an email as a 64-bit hash of its lower-cased text. 0 is "none" for both.
/// </summary>
public static class DirectoryKeys
{
    /// <summary>
    /// The E.164 digits as a number: exact (E.164 has at most 15 digits and never starts with 0),
    /// 8 bytes instead of a string of up to 16 characters. 0 for no phone or anything that is not
    /// <c>+</c> and 4–15 digits.
    /// </summary>
    public static ulong Phone(string? e164)
    {
        if (e164 is not { Length: >= 5 and <= 16 } || e164[0] != '+' || e164[1] == '0')
        {
            return 0;
        }

        ulong value = 0;
        for (var i = 1; i < e164.Length; i++)
        {
            var digit = (uint)(e164[i] - '0');
            if (digit > 9)
            {
                return 0;
            }

            value = value * 10 + digit;
        }

        return value;
    }

    /// <summary>The E.164 text of a <see cref="Phone"/> key.</summary>
    public static string? PhoneText(ulong key) => key == 0 ? null : "+" + key.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// FNV-1a (64 bits) over the trimmed, lower-cased (invariant) email: the same for every case
    /// of one address. A match is checked against the contact's field before it is answered, so a
    /// collision (one in 2^64 pairs) costs a look, never a wrong answer in a list.
    /// 0 for no email.
    /// </summary>
    public static ulong Email(string? email)
    {
        var text = email.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return 0;
        }

        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 1099511628211UL;
        }

        return hash == 0 ? 1 : hash;
    }

    /// <summary>Whether two emails are the same address for a search: trimmed, any case (as <see cref="Email"/> folds it).</summary>
    public static bool SameEmail(string? a, string? b)
    {
        var x = a.AsSpan().Trim();
        var y = b.AsSpan().Trim();
        if (x.IsEmpty || x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (char.ToLowerInvariant(x[i]) != char.ToLowerInvariant(y[i]))
            {
                return false;
            }
        }

        return true;
    }
}
