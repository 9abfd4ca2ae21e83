using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Domain.Sending;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Sending;

/// <summary>
/// The body of <c>POST …/contacts/{contactId}/sms</c>: a saved content (<c>smsId</c>) or a
/// <c>text</c>, the sender name, variables, the kind (transactional unless said) and an
/// optional idempotency key.
/// </summary>
public sealed record SendSmsRequest(
    string? SmsId,
    string? Text,
    string SenderName,
    Dictionary<string, string>? Variables,
    SmsKind? Kind,
    string? IdempotencyKey) : IJsonRequest<SendSmsRequest>
{
    [JsonIgnore]
    public SendSmsCommand Command { get; private init; } = null!;

    public static async ValueTask<SendSmsRequest?> BindAsync(JsonElement body, BindingContext context)
    {
        var errors = context.Errors;
        JsonFields.RefuseUnknown(body, errors, [.. MessageFields.Names, "kind"]);
        var kind = SmsKind.Transactional;
        if (body.TryGetProperty("kind", out var k))
        {
            if (k.ValueKind == JsonValueKind.String && k.GetString() is "transactional" or "newsletter")
            {
                kind = k.GetString() == "newsletter" ? SmsKind.Newsletter : SmsKind.Transactional;
            }
            else
            {
                errors.AddValue("kind", k, "is not one of transactional, newsletter.");
            }
        }

        var message = await MessageFields.BindAsync(body, context);
        return message is null || errors.Any
            ? null
            : new SendSmsRequest(message.SmsId, message.Text, message.SenderName, message.Variables, kind, message.IdempotencyKey)
            {
                Command = new SendSmsCommand
                {
                    IdempotencyKey = message.IdempotencyKey,
                    Kind = kind,
                    SmsId = message.SmsId,
                    Text = message.Text,
                    Variables = message.Variables,
                    SenderName = message.SenderName,
                    Fingerprint = message.Fingerprint(kind, to: null),
                },
            };
    }
}
