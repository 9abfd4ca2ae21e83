using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSms.Abstractions.Alerts;
using OrleansSms.Domain.Phones;
using OrleansSms.Domain.Sending;
using OrleansSms.Silo.Api;
using OrleansSms.Silo.Sending;

namespace OrleansSms.Silo.Alerts;

/// <summary>The body of <c>POST …/alerts</c>: the message fields of a send and <c>to</c>, an E.164 number.</summary>
public sealed record AlertRequest(
    string To,
    string? SmsId,
    string? Text,
    string SenderName,
    Dictionary<string, string>? Variables,
    string? IdempotencyKey) : IJsonRequest<AlertRequest>
{
    [JsonIgnore]
    public SendAlertCommand Command { get; private init; } = null!;

    public static async ValueTask<AlertRequest?> BindAsync(JsonElement body, BindingContext context)
    {
        var errors = context.Errors;
        JsonFields.RefuseUnknown(body, errors, [.. MessageFields.Names, "to"]);
        string? to = null;
        if (body.TryGetProperty("to", out var toElement) && toElement.ValueKind == JsonValueKind.String &&
            toElement.GetString()!.StartsWith('+') && PhoneNumbers.Normalize(toElement.GetString(), null) is { IsValid: true } phone &&
            phone.E164 == toElement.GetString())
        {
            to = phone.E164;
        }
        else
        {
            errors.AddValue("to", toElement, "is not a phone number in E.164 (e.g. +34600999000).");
        }

        var message = await MessageFields.BindAsync(body, context);
        return message is null || errors.Any
            ? null
            : new AlertRequest(to!, message.SmsId, message.Text, message.SenderName, message.Variables, message.IdempotencyKey)
            {
                Command = new SendAlertCommand
                {
                    IdempotencyKey = message.IdempotencyKey,
                    To = to!,
                    Text = message.Text,
                    Variables = message.Variables,
                    SenderName = message.SenderName,
                    SmsId = message.SmsId,
                    Fingerprint = message.Fingerprint(SmsKind.Transactional, to),
                },
            };
    }
}
