using OrleansSms.Domain.Contacts;

namespace OrleansSms.Domain.Sending;

/// <summary>What a <c>clientId</c> points at: a contact's message or an alert.</summary>
/// <param name="IsAlert">True for an alert (no contact).</param>
/// <param name="ContactId">The contact (grain key) for a contact message; null for an alert.</param>
/// <param name="Number">The contact's message number, or the alert number.</param>
public readonly record struct ClientIdTarget(bool IsAlert, string? ContactId, long Number);

/// <summary>
/// The Instasent <c>clientId</c> (at most 40 characters) of every message, from which the
/// callback finds the target grain with no look-up.
/// <list type="bullet">
/// <item>Contact message: <c>{contactId}.{n}</c>, <c>n</c> the contact's message number in
/// lower-case base 36 without leading zeros. A contact id is 1–32 characters of
/// <c>A-Za-z0-9_-</c>, so 7 base-36 digits fit: 1 ≤ n &lt; 36^7, i.e. about 78 billion
/// (78,364,164,095) messages per contact.</item>
/// <item>Alert: <c>.{n}</c>, <c>n</c> the alert number in base 36 (1 ≤ n ≤ <see cref="long.MaxValue"/>,
/// at most 13 digits). A contact id is never empty, so the two schemes never collide.</item>
/// </list>
/// <see cref="TryParse"/> is strict (the clientId arrives on a public endpoint): anything this
/// class would not have produced is rejected without throwing.
/// </summary>
public static class ClientIds
{
    public const int MaxLength = 40;

    /// <summary>Base-36 digits of a contact message number.</summary>
    public const int MaxContactNumberDigits = 7;

    /// <summary>The largest contact message number: 36^7 − 1 = 78,364,164,095.</summary>
    public const long MaxContactMessageNumber = 78_364_164_095;

    private const char Separator = '.';
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// The clientId of message <paramref name="messageNumber"/> (1 ≤ n ≤
    /// <see cref="MaxContactMessageNumber"/>) of contact <paramref name="contactId"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The contact id is not a valid contact id.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The number is out of range.</exception>
    public static string ForContact(string contactId, long messageNumber)
    {
        if (!ContactIds.IsValid(contactId))
        {
            throw new ArgumentException("Not a valid contact id (1-32 characters of A-Z a-z 0-9 _ -).", nameof(contactId));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(messageNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageNumber, MaxContactMessageNumber);

        var digits = Base36Length(messageNumber);
        return string.Create(contactId.Length + 1 + digits, (contactId, messageNumber), static (span, state) =>
        {
            state.contactId.AsSpan().CopyTo(span);
            span[state.contactId.Length] = Separator;
            WriteBase36(span[(state.contactId.Length + 1)..], state.messageNumber);
        });
    }

    /// <summary>The clientId of alert <paramref name="alertNumber"/> (≥ 1): <c>.</c> + base 36.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number is less than 1.</exception>
    public static string ForAlert(long alertNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(alertNumber, 1);
        return string.Create(1 + Base36Length(alertNumber), alertNumber, static (span, n) =>
        {
            span[0] = Separator;
            WriteBase36(span[1..], n);
        });
    }

    /// <summary>
    /// Reads a clientId produced by <see cref="ForContact"/> or <see cref="ForAlert"/>. False for
    /// anything else: null, empty, longer than 40, not exactly one <c>.</c>, an empty or invalid
    /// contact id, an empty number, a character outside <c>0-9a-z</c> (upper case included), a
    /// leading zero, zero, or a number out of range. Never throws; allocates only the contact id.
    /// </summary>
    public static bool TryParse(string? clientId, out ClientIdTarget target)
    {
        target = default;
        if (clientId is null || clientId.Length is 0 or > MaxLength) return false;

        var span = clientId.AsSpan();
        var dot = span.IndexOf(Separator);
        if (dot < 0) return false;

        var numberText = span[(dot + 1)..];
        if (dot == 0)
        {
            if (!TryParseBase36(numberText, long.MaxValue, out var alert)) return false;
            target = new ClientIdTarget(true, null, alert);
            return true;
        }

        var contact = span[..dot];
        if (!ContactIds.IsValid(contact)) return false; // also rejects a second '.'
        if (numberText.Length > MaxContactNumberDigits) return false;
        if (!TryParseBase36(numberText, MaxContactMessageNumber, out var number)) return false;

        target = new ClientIdTarget(false, contact.ToString(), number);
        return true;
    }

    private static bool TryParseBase36(ReadOnlySpan<char> text, long max, out long value)
    {
        value = 0;
        if (text.Length == 0 || text[0] == '0') return false; // empty, zero or a leading zero
        foreach (var c in text)
        {
            int digit;
            if ((uint)(c - '0') <= 9) digit = c - '0';
            else if ((uint)(c - 'a') <= 'z' - 'a') digit = c - 'a' + 10;
            else return false; // includes '.', upper case and anything else
            if (value > (max - digit) / 36) return false; // value * 36 + digit would exceed max
            value = value * 36 + digit;
        }
        return true;
    }

    private static int Base36Length(long n)
    {
        var length = 1;
        while ((n /= 36) > 0) length++;
        return length;
    }

    private static void WriteBase36(Span<char> destination, long n)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Digits[(int)(n % 36)];
            n /= 36;
        }
    }
}
