using System.Text.Json;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
using OrleansSms.Silo.Api;
using OrleansSms.Silo.Contents;

namespace OrleansSms.Silo.Sending;

/// <summary>What a message to a contact and an alert share: smsId or text, senderName, variables, idempotencyKey.</summary>
/// <param name="KeyGiven">The caller chose <paramref name="IdempotencyKey"/> (else it is a new one of ours, never met again).</param>
public sealed record MessageFields(string IdempotencyKey, string? SmsId, string Text, string SenderName, Dictionary<string, string> Variables, bool KeyGiven)
{
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>The names these fields take, for the requests that add their own to them.</summary>
    public static readonly string[] Names = ["smsId", "text", "senderName", "idempotencyKey", "variables"];

    /// <summary>Reads the shared fields; a named <c>smsId</c> must be a content of the store (its text is used).</summary>
    public static async ValueTask<MessageFields?> BindAsync(JsonElement body, BindingContext context)
    {
        var errors = context.Errors;
        string? smsId = null, text = null, sender = null, key = null;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.TryGetProperty("smsId", out var smsIdElement))
        {
            smsId = smsIdElement.ValueKind == JsonValueKind.String && ContactIds.IsValidStoreId(smsIdElement.GetString()) ? smsIdElement.GetString() : null;
            if (smsId is null)
            {
                errors.AddValue("smsId", smsIdElement, $"is not an id: {RouteIds.IdRule}.");
            }
        }

        if (body.TryGetProperty("text", out _))
        {
            text = JsonFields.RequiredText(body, "text", SmsContentRequest.MaxTextLength, errors, multiLine: true);
        }

        if (body.TryGetProperty("senderName", out var senderElement))
        {
            sender = senderElement.ValueKind == JsonValueKind.String ? senderElement.GetString() : null;
            if (SenderNames.Validate(sender) is { } senderError)
            {
                errors.AddValue("senderName", senderElement, senderError);
            }
        }
        else
        {
            errors.Add("senderName", "is required: 1-11 letters, digits or spaces, or an E.164 number.");
        }

        if (body.TryGetProperty("idempotencyKey", out _))
        {
            key = JsonFields.OptionalKey(body, "idempotencyKey", MaxIdempotencyKeyLength, errors);
        }

        if (body.TryGetProperty("variables", out var variablesElement))
        {
            ReadVariables(variablesElement, variables, errors);
        }

        if ((smsId is null) == (text is null) && !errors.Any)
        {
            errors.Add("smsId", "give either smsId (a saved SMS content) or text.");
        }

        if (errors.Any)
        {
            return null;
        }

        if (smsId is not null)
        {
            var content = await context.Grains.GetSmsContent(context.StoreId, smsId).GetAsync();
            if (content is null)
            {
                errors.AddValue("smsId", smsId, "is not an SMS content of this store.");
                return null;
            }

            text = content.Text;
        }

        return new MessageFields(key ?? Guid.NewGuid().ToString("N"), smsId, text!, sender!, variables, KeyGiven: key is not null);
    }

    /// <summary>
    /// What this request asks for, to tell a retry from another message under the same key
    /// (see <see cref="RequestFingerprints"/>): the content's id, or the text when none is named;
    /// null when the key is ours (no other request can carry it).
    /// </summary>
    public string? Fingerprint(SmsKind kind, string? to) =>
        KeyGiven ? RequestFingerprints.Of(kind, to, SmsId, SmsId is null ? Text : null, SenderName, Variables) : null;

    private static void ReadVariables(JsonElement value, Dictionary<string, string> variables, ValidationErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.AddValue("variables", value, "must be an object of variable values.");
            return;
        }

        foreach (var variable in value.EnumerateObject())
        {
            if (variable.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            {
                variables[variable.Name] = variable.Value.ValueKind == JsonValueKind.String ? variable.Value.GetString()! : variable.Value.GetRawText();
            }
            else
            {
                errors.AddValue($"variables.{variable.Name}", variable.Value, "must be a string, number or boolean.");
            }
        }
    }
}
