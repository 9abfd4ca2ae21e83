namespace OrleansSms.InstasentSimulator;

/// <summary>Instasent's field rules, with Symfony-style messages.</summary>
internal static class SmsValidator
{
    public const int MaxAlphanumericSender = 11;
    public const int MaxClientId = 40;

    public static void Validate(SmsRequest item)
    {
        if (string.IsNullOrEmpty(item.From))
        {
            item.AddError("from", "This value should not be blank.");
        }
        else if (item.From[0] == '+' ? !IsE164(item.From) : item.From.Length > MaxAlphanumericSender || string.IsNullOrWhiteSpace(item.From))
        {
            item.AddError("from", $"This value is not a valid sender: at most {MaxAlphanumericSender} characters or an E.164 number.");
        }

        if (string.IsNullOrEmpty(item.To))
        {
            item.AddError("to", "This value should not be blank.");
        }
        else if (!IsE164(item.To))
        {
            item.AddError("to", "This value is not a valid phone number (E.164: + then 8 to 15 digits).");
        }

        if (string.IsNullOrEmpty(item.Text))
        {
            item.AddError("text", "This value should not be blank.");
        }

        if (item.ClientId is { Length: 0 })
        {
            item.ClientId = null;
        }
        else if (item.ClientId is { Length: > MaxClientId })
        {
            item.AddError("clientId", $"This value is too long. It should have {MaxClientId} characters or less.");
        }
    }

    /// <summary><c>+</c> then 8–15 digits, the first not 0.</summary>
    public static bool IsE164(string value)
    {
        if (value.Length is < 9 or > 16 || value[0] != '+' || value[1] == '0')
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
