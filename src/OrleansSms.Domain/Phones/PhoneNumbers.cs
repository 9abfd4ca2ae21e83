using System.Collections.Frozen;
using PhoneNumbers;

namespace OrleansSms.Domain.Phones;

/// <summary>
/// The outcome of <see cref="PhoneNumbers.Normalize"/>: either an E.164 number or a short human
/// error (without the input value; callers add the field name and the value).
/// </summary>
public readonly record struct PhoneNormalization(string? E164, string? Error)
{
    public bool IsValid => E164 is not null;

    internal static PhoneNormalization Fail(string error) => new(null, error);
}

/// <summary>
/// Phone number normalisation to E.164 on top of libphonenumber (one shared, thread-safe
/// <see cref="PhoneNumberUtil"/>). Used on the CSV import hot path, so the input is first
/// scanned once by hand (formatting characters dropped, letters rejected, a leading <c>00</c>
/// turned into <c>+</c>) and only clean digits are handed to libphonenumber.
/// </summary>
public static class PhoneNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Upper-case ISO 3166 alpha-2 regions libphonenumber has metadata for.</summary>
    private static readonly FrozenSet<string> Regions =
        Util.GetSupportedRegions().ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // E.164 allows at most 15 digits; a national number may add a trunk prefix (and a few
    // countries use long national prefixes), 17 leaves room for those.
    private const int MaxInternationalDigits = 15;
    private const int MaxNationalDigits = 17;

    public const string ErrorEmpty = "is empty";
    public const string ErrorLetters = "contains letters";
    public const string ErrorInvalidCharacters = "contains invalid characters";
    public const string ErrorMisplacedPlus = "has a misplaced '+'";
    public const string ErrorTooShort = "is too short";
    public const string ErrorTooLong = "is too long";
    public const string ErrorNeedsCountry = "national number needs the store's defaultCountry";
    public const string ErrorUnknownCallingCode = "has an unknown country calling code";
    public const string ErrorNotValid = "not a valid phone number";

    /// <summary>True when <paramref name="code"/> is an ISO 3166 alpha-2 region libphonenumber
    /// knows (case-insensitive), i.e. a valid store <c>defaultCountry</c>.</summary>
    public static bool IsSupportedCountry(string? code) =>
        code is { Length: 2 } && Regions.Contains(code);

    /// <summary>The upper-case form of a supported country code, or null when unsupported.</summary>
    public static string? NormalizeCountry(string? code) =>
        code is { Length: 2 } && Regions.TryGetValue(code, out var actual) ? actual : null;

    /// <summary>
    /// Normalises a phone number to E.164. Accepts spaces (also tabs and no-break spaces),
    /// dashes, dots, slashes and parentheses as formatting, a leading <c>+</c> or <c>00</c>
    /// international prefix, or a national number read with <paramref name="defaultCountry"/>
    /// (ISO 3166 alpha-2, case-insensitive). Any letter is an error (vanity numbers are not
    /// converted to digits).
    /// </summary>
    public static PhoneNormalization Normalize(string? input, string? defaultCountry) =>
        input is null ? PhoneNormalization.Fail(ErrorEmpty) : Normalize(input.AsSpan(), defaultCountry);

    /// <inheritdoc cref="Normalize(string?, string?)"/>
    public static PhoneNormalization Normalize(ReadOnlySpan<char> input, string? defaultCountry)
    {
        Span<char> digits = stackalloc char[MaxNationalDigits + 1];
        var count = 0;
        var plus = false;
        var seenAny = false;
        foreach (var c in input)
        {
            if ((uint)(c - '0') <= 9)
            {
                if (count == digits.Length) return PhoneNormalization.Fail(ErrorTooLong);
                digits[count++] = c;
                seenAny = true;
            }
            else if (c == '+')
            {
                if (seenAny) return PhoneNormalization.Fail(ErrorMisplacedPlus);
                plus = true;
                seenAny = true;
            }
            else if (c is ' ' or '-' or '.' or '(' or ')' or '/' or '\t' or '\u00A0' or '\u2009' or '\u202F')
            {
                // formatting
            }
            else if (char.IsLetter(c))
            {
                return PhoneNormalization.Fail(ErrorLetters);
            }
            else if (char.IsWhiteSpace(c))
            {
                // other whitespace (e.g. a trailing \r from a sloppy file) is formatting too
            }
            else
            {
                return PhoneNormalization.Fail(ErrorInvalidCharacters);
            }
        }

        if (count == 0) return PhoneNormalization.Fail(plus ? ErrorTooShort : ErrorEmpty);

        ReadOnlySpan<char> number = digits[..count];
        if (!plus && number.Length > 2 && number[0] == '0' && number[1] == '0')
        {
            // 00 is the international call prefix almost everywhere (and what people type).
            plus = true;
            number = number[2..];
        }

        string text;
        string region;
        if (plus)
        {
            if (number.Length > MaxInternationalDigits) return PhoneNormalization.Fail(ErrorTooLong);
            if (number.Length < 4) return PhoneNormalization.Fail(ErrorTooShort);
            text = string.Concat("+", number);
            region = "ZZ";
        }
        else
        {
            if (string.IsNullOrEmpty(defaultCountry)) return PhoneNormalization.Fail(ErrorNeedsCountry);
            var known = NormalizeCountry(defaultCountry);
            if (known is null) return PhoneNormalization.Fail($"cannot be read with unknown defaultCountry '{defaultCountry}'");
            if (number.Length < 3) return PhoneNormalization.Fail(ErrorTooShort);
            text = number.ToString();
            region = known;
        }

        PhoneNumber parsed;
        try
        {
            parsed = Util.Parse(text, region);
        }
        catch (NumberParseException e)
        {
            return PhoneNormalization.Fail(e.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => ErrorUnknownCallingCode,
                ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD => ErrorTooShort,
                ErrorType.TOO_LONG => ErrorTooLong,
                _ => NotValid(plus, region),
            });
        }

        if (!Util.IsValidNumber(parsed))
        {
            return PhoneNormalization.Fail(Util.IsPossibleNumberWithReason(parsed) switch
            {
                PhoneNumberUtil.ValidationResult.TOO_SHORT => ErrorTooShort,
                PhoneNumberUtil.ValidationResult.TOO_LONG => ErrorTooLong,
                PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => ErrorUnknownCallingCode,
                _ => NotValid(plus, region),
            });
        }

        return new PhoneNormalization(Util.Format(parsed, PhoneNumberFormat.E164), null);
    }

    private static string NotValid(bool international, string region) =>
        international ? ErrorNotValid : $"{ErrorNotValid} for {region}";
}
