using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrleansSms.Domain.Contacts;

/// <summary>
/// Parsing and formatting of contact values, shared by the HTTP API and the CSV import.
/// <list type="bullet">
/// <item>Status and field-type names: the wire form is camelCase (<c>active</c>,
/// <c>notSubscribed</c>, <c>number</c>…); parsing is case-insensitive (<c>Active</c>,
/// <c>NOTSUBSCRIBED</c> are accepted: spreadsheets capitalise) and surrounding whitespace is
/// ignored. Numeric enum values are never accepted.</item>
/// <item>Field names: 1–64 ASCII letters, digits and <c>_</c>, not starting with <c>_</c>
/// (reserved for system fields); case-sensitive.</item>
/// <item>Typed values are parsed to the canonical invariant text of <see cref="CustomField"/>;
/// surrounding whitespace is ignored. Number: invariant culture (<c>.</c> decimal point,
/// optional sign and exponent, no thousands separators), finite, formatted round-trip
/// (<c>"R"</c>, <c>-0</c> becomes <c>0</c>), and exactly what was written: a number whose
/// stored text would be another number (an integer past 2^53, more significant digits than a
/// double keeps) is refused rather than rounded (see <see cref="IsExactNumber"/>). Boolean: <c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>,
/// case-insensitive, stored <c>true</c>/<c>false</c>. Date: <c>yyyy-MM-dd</c> stays as is; a
/// date-time <c>yyyy-MM-ddTHH:mm[:ss[.fffffff]]</c> with <c>Z</c> or an offset (<c>+02:00</c>)
/// becomes UTC <c>yyyy-MM-ddTHH:mm:ssZ</c> (fractions of a second are dropped); a date-time
/// without a zone is rejected as ambiguous.</item>
/// </list>
/// Errors are short predicates without the value (callers add field and value).
/// </summary>
public static class ContactValues
{
    public const int MaxFieldNameLength = 64;

    /// <summary>Longest accepted string field value.</summary>
    public const int MaxStringLength = 4096;

    public const string MobilePhoneField = "_mobilePhone";
    public const string MobilePhoneStatusField = "_mobilePhoneStatus";
    public const string SmsSubscriptionStatusField = "_smsSubscriptionStatus";

    // ---- statuses and types ------------------------------------------------------------

    public static bool TryParsePhoneStatus(ReadOnlySpan<char> text, out PhoneStatus status)
    {
        var s = text.Trim();
        if (s.Equals("active", StringComparison.OrdinalIgnoreCase)) { status = PhoneStatus.Active; return true; }
        if (s.Equals("bounced", StringComparison.OrdinalIgnoreCase)) { status = PhoneStatus.Bounced; return true; }
        if (s.Equals("paused", StringComparison.OrdinalIgnoreCase)) { status = PhoneStatus.Paused; return true; }
        status = default;
        return false;
    }

    public static bool TryParseSubscriptionStatus(ReadOnlySpan<char> text, out SubscriptionStatus status)
    {
        var s = text.Trim();
        if (s.Equals("subscribed", StringComparison.OrdinalIgnoreCase)) { status = SubscriptionStatus.Subscribed; return true; }
        if (s.Equals("notSubscribed", StringComparison.OrdinalIgnoreCase)) { status = SubscriptionStatus.NotSubscribed; return true; }
        if (s.Equals("none", StringComparison.OrdinalIgnoreCase)) { status = SubscriptionStatus.None; return true; }
        status = default;
        return false;
    }

    public static bool TryParseFieldType(ReadOnlySpan<char> text, out FieldType type)
    {
        var s = text.Trim();
        if (s.Equals("string", StringComparison.OrdinalIgnoreCase)) { type = FieldType.String; return true; }
        if (s.Equals("number", StringComparison.OrdinalIgnoreCase)) { type = FieldType.Number; return true; }
        if (s.Equals("boolean", StringComparison.OrdinalIgnoreCase)) { type = FieldType.Boolean; return true; }
        if (s.Equals("date", StringComparison.OrdinalIgnoreCase)) { type = FieldType.Date; return true; }
        type = default;
        return false;
    }

    public const string PhoneStatusError = "is not a phone status (active, bounced, paused)";
    public const string SubscriptionStatusError = "is not a subscription status (subscribed, notSubscribed, none)";
    public const string FieldTypeError = "is not a field type (string, number, boolean, date)";

    public static string ToWire(PhoneStatus status) => status switch
    {
        PhoneStatus.Active => "active",
        PhoneStatus.Bounced => "bounced",
        PhoneStatus.Paused => "paused",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToWire(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Subscribed => "subscribed",
        SubscriptionStatus.NotSubscribed => "notSubscribed",
        SubscriptionStatus.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToWire(FieldType type) => type switch
    {
        FieldType.String => "string",
        FieldType.Number => "number",
        FieldType.Boolean => "boolean",
        FieldType.Date => "date",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    // ---- field names -------------------------------------------------------------------

    public static bool IsValidFieldName(string? name) => name is not null && FieldNameError(name.AsSpan()) is null;

    public static bool IsValidFieldName(ReadOnlySpan<char> name) => FieldNameError(name) is null;

    /// <summary>Null when <paramref name="name"/> is a valid custom field name, else why not.</summary>
    public static string? FieldNameError(ReadOnlySpan<char> name)
    {
        if (name.Length == 0) return "field name is empty";
        if (name.Length > MaxFieldNameLength) return $"field name is longer than {MaxFieldNameLength} characters";
        if (name[0] == '_') return "field names starting with '_' are reserved for system fields";
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return "field names may only contain letters, digits and '_'";
        }
        return null;
    }

    // ---- typed values ------------------------------------------------------------------

    /// <summary>Parses <paramref name="text"/> as a value of <paramref name="type"/> to canonical text.</summary>
    public static bool TryParseValue(FieldType type, ReadOnlySpan<char> text,
        [NotNullWhen(true)] out string? canonical, [NotNullWhen(false)] out string? error) => type switch
    {
        FieldType.Number => TryParseNumber(text, out canonical, out error),
        FieldType.Boolean => TryParseBoolean(text, out canonical, out error),
        FieldType.Date => TryParseDate(text, out canonical, out error),
        _ => TryParseString(text, out canonical, out error),
    };

    /// <summary>Parses a typed value into a <see cref="CustomField"/>, or returns null and an error.</summary>
    public static CustomField? ParseField(FieldType type, ReadOnlySpan<char> text, out string? error) =>
        TryParseValue(type, text, out var canonical, out error) ? new CustomField(type, canonical) : null;

    public static bool TryParseString(ReadOnlySpan<char> text,
        [NotNullWhen(true)] out string? canonical, [NotNullWhen(false)] out string? error)
    {
        var s = text.Trim();
        if (s.Length > MaxStringLength)
        {
            canonical = null;
            error = $"is longer than {MaxStringLength} characters";
            return false;
        }
        canonical = s.ToString();
        error = null;
        return true;
    }

    public static bool TryParseNumber(ReadOnlySpan<char> text,
        [NotNullWhen(true)] out string? canonical, [NotNullWhen(false)] out string? error)
    {
        var s = text.Trim();
        // Float = leading/trailing white, leading sign, decimal point, exponent. No thousands.
        if (s.Length == 0 || s.Length > 64
            || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value)
            || !(char.IsAsciiDigit(s[^1]) || s[^1] == '.'))
        {
            canonical = null;
            error = "is not a number";
            return false;
        }
        var formatted = FormatNumber(value);
        if (!SameDecimal(s, formatted))
        {
            canonical = null;
            error = InexactNumberError(formatted);
            return false;
        }

        canonical = formatted;
        error = null;
        return true;
    }

    /// <summary>The error of a number that a double cannot hold exactly (it would be stored as <paramref name="stored"/>).</summary>
    public static string InexactNumberError(string stored) =>
        $"cannot be stored exactly: numbers keep about 15 significant digits, and this one would become {stored}; send it as a string to keep every digit";

    /// <summary>
    /// True when <paramref name="number"/> (decimal text: a sign, digits, a point, an exponent)
    /// is exactly the number <see cref="TryParseNumber"/> would store for it: no digit of it is
    /// lost or changed (an integer past 2^53, a 17th significant digit, an underflow to 0).
    /// <c>0.1</c>, <c>1.50</c>, <c>1e3</c> and <c>-0</c> are exact: their stored text is the same number.
    /// </summary>
    public static bool IsExactNumber(ReadOnlySpan<char> number)
    {
        var s = number.Trim();
        return s.Length is > 0 and <= 64
            && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value)
            && SameDecimal(s, FormatNumber(value));
    }

    /// <summary>Whether two decimal texts denote the same number (any zero equals any other).</summary>
    private static bool SameDecimal(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        Span<char> digitsA = stackalloc char[a.Length];
        Span<char> digitsB = stackalloc char[b.Length];
        var na = Significand(a, digitsA, out var negativeA, out var exponentA);
        var nb = Significand(b, digitsB, out var negativeB, out var exponentB);
        if (na == 0 || nb == 0)
        {
            return na == nb;
        }

        return negativeA == negativeB && exponentA == exponentB && digitsA[..na].SequenceEqual(digitsB[..nb]);
    }

    /// <summary>
    /// Reads decimal text as ±0.d₁d₂…dₙ × 10^<paramref name="exponent"/> with d₁ and dₙ not 0:
    /// the digits go to <paramref name="digits"/>, their count is returned (0 for zero).
    /// </summary>
    private static int Significand(ReadOnlySpan<char> text, Span<char> digits, out bool negative, out long exponent)
    {
        var i = 0;
        negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        // Digits before the point move the point right; leading zeros after it move it left.
        var n = 0;
        long point = 0;
        var afterPoint = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                afterPoint = true;
            }
            else if (!char.IsAsciiDigit(c))
            {
                break;
            }
            else if (n == 0 && c == '0')
            {
                point -= afterPoint ? 1 : 0;
            }
            else
            {
                digits[n++] = c;
                point += afterPoint ? 0 : 1;
            }
        }

        long power = 0;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            var negativePower = i < text.Length && text[i] == '-';
            i += i < text.Length && text[i] is '+' or '-' ? 1 : 0;
            for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            {
                // Saturated: a 64-character number is far from double's range long before this.
                power = Math.Min(power * 10 + (text[i] - '0'), 1_000_000);
            }

            power = negativePower ? -power : power;
        }

        while (n > 0 && digits[n - 1] == '0')
        {
            n--;
        }

        exponent = point + power;
        return n;
    }

    /// <summary>The canonical text of a number (invariant, round-trip, <c>-0</c> as <c>0</c>).</summary>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "Numbers must be finite.");
        if (value == 0) return "0";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    public static bool TryParseBoolean(ReadOnlySpan<char> text,
        [NotNullWhen(true)] out string? canonical, [NotNullWhen(false)] out string? error)
    {
        var s = text.Trim();
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s is "1") { canonical = "true"; error = null; return true; }
        if (s.Equals("false", StringComparison.OrdinalIgnoreCase) || s is "0") { canonical = "false"; error = null; return true; }
        canonical = null;
        error = "is not a boolean (true, false, 1, 0)";
        return false;
    }

    public static string FormatBoolean(bool value) => value ? "true" : "false";

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
    ];

    public const string DateError = "is not a date (yyyy-MM-dd, or yyyy-MM-ddTHH:mm:ss with Z or an offset)";

    public static bool TryParseDate(ReadOnlySpan<char> text,
        [NotNullWhen(true)] out string? canonical, [NotNullWhen(false)] out string? error)
    {
        var s = text.Trim();
        canonical = null;
        error = DateError;
        if (!HasIsoDatePrefix(s)) return false;

        if (s.Length == 10)
        {
            if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return false;
            canonical = s.ToString();
            error = null;
            return true;
        }

        if (s[10] != 'T' && s[10] != 't') return false;
        if (!HasZone(s[11..]))
        {
            error = "is a date-time without Z or an offset";
            return false;
        }
        if (!DateTimeOffset.TryParseExact(s, DateTimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal, out var dto))
        {
            return false;
        }
        canonical = FormatDateTime(dto);
        error = null;
        return true;
    }

    /// <summary>The canonical UTC text of a timestamp: <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The canonical text of a date: <c>yyyy-MM-dd</c>.</summary>
    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Strict check used by the JSON API (a JSON string that is an ISO date is stored as a date):
    /// exactly <c>yyyy-MM-dd</c>, or a date-time with <c>Z</c> or an offset as accepted by
    /// <see cref="TryParseDate"/>; no surrounding whitespace.
    /// </summary>
    public static bool LooksLikeIsoDate(string s) =>
        s is not null && s.Length >= 10 && s.Length <= 40
        && !char.IsWhiteSpace(s[0]) && !char.IsWhiteSpace(s[^1])
        && HasIsoDatePrefix(s) && TryParseDate(s, out _, out _);

    private static bool HasIsoDatePrefix(ReadOnlySpan<char> s) =>
        s.Length >= 10
        && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2]) && char.IsAsciiDigit(s[3])
        && s[4] == '-' && char.IsAsciiDigit(s[5]) && char.IsAsciiDigit(s[6])
        && s[7] == '-' && char.IsAsciiDigit(s[8]) && char.IsAsciiDigit(s[9]);

    private static bool HasZone(ReadOnlySpan<char> time) =>
        time.Length > 0 && (time[^1] is 'Z' or 'z' || time.IndexOfAny('+', '-') > 0);
}
