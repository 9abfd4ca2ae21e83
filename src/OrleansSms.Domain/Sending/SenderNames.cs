// Aliased: inside Domain, libphonenumber's "PhoneNumbers" namespace would shadow the class.
using PhoneNormalizer = OrleansSms.Domain.Phones.PhoneNumbers;

namespace OrleansSms.Domain.Sending;

/// <summary>
/// The sender (originator) of an SMS: an alphanumeric name of 1–11 ASCII letters, digits or
/// spaces holding at least one letter, or a numeric sender in E.164 (<c>+</c> then digits, a
/// valid number). Errors never repeat the value: callers add the field name and the value.
/// </summary>
public static class SenderNames
{
    public const int MaxAlphanumericLength = 11;

    public const string ErrorEmpty = "is empty";
    public const string ErrorOnlySpaces = "must not be only spaces";
    public const string ErrorAlphanumeric = "must be 1-11 letters, digits or spaces";
    public const string ErrorDigitsOnly = "must not be digits only (use E.164 for a numeric sender)";
    public const string ErrorNotE164 = "must be '+' followed by digits for a numeric sender";

    /// <summary>Null when <paramref name="sender"/> is a valid sender, else a short error.</summary>
    public static string? Validate(string? sender)
    {
        if (string.IsNullOrEmpty(sender)) return ErrorEmpty;
        if (sender[0] == '+') return ValidateNumeric(sender);
        if (sender.Length > MaxAlphanumericLength) return ErrorAlphanumeric;

        var letters = false;
        var digits = false;
        foreach (var c in sender)
        {
            if (char.IsAsciiLetter(c)) letters = true;
            else if (char.IsAsciiDigit(c)) digits = true;
            else if (c != ' ') return ErrorAlphanumeric;
        }

        if (letters) return null;
        return digits ? ErrorDigitsOnly : ErrorOnlySpaces;
    }

    /// <summary>True when <paramref name="sender"/> is valid per <see cref="Validate"/>.</summary>
    public static bool IsValid(string? sender) => Validate(sender) is null;

    private static string? ValidateNumeric(string sender)
    {
        if (sender.Length == 1) return ErrorNotE164;
        foreach (var c in sender.AsSpan(1))
        {
            if (!char.IsAsciiDigit(c)) return ErrorNotE164;
        }

        var normalized = PhoneNormalizer.Normalize(sender, defaultCountry: null);
        if (!normalized.IsValid) return $"must be a valid E.164 number ({normalized.Error})";
        // '+' and digits only, so a valid number normalises to itself unless libphonenumber
        // rewrote it (e.g. dropped a national trunk zero): then the sender isn't canonical E.164.
        return normalized.E164 == sender ? null : $"must be written in E.164 as {normalized.E164}";
    }
}
