using System.Text;
using System.Text.Json;
using OrleansSms.Abstractions.Webhooks;
using OrleansSms.Domain.Sending;
using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Grains.Webhooks;

/// <summary>
/// The body of a delivery, built once when the event is queued and posted as is at every attempt:
/// <c>{"id","type","at","storeId","data":{"contactId","status",…}}</c>. <c>data</c> holds what
/// applies to the type (<see cref="WebhookEventData"/>); <c>status</c> says where the message or
/// the contact stands after it.
/// </summary>
public static class WebhookPayload
{
    // A body for machines, not a page: non-ASCII text and "+" stay as they are (still valid JSON).
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Build(string storeId, WebhookEvent e)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteString("type", WebhookEventTypes.ToWire(e.Type));
            json.WriteString("at", e.At.ToUniversalTime());
            json.WriteString("storeId", storeId);
            json.WriteStartObject("data");
            json.WriteString("contactId", e.ContactId);
            json.WriteString("status", StatusOf(e.Type));
            var d = e.Data;
            WriteIfAny(json, "clientId", d.ClientId);
            WriteIfAny(json, "providerId", d.ProviderId);
            WriteIfAny(json, "smsId", d.SmsId);
            WriteIfAny(json, "workflowId", d.WorkflowId);
            if (d.Kind is { } kind)
            {
                json.WriteString("kind", CamelCase(kind.ToString()));
            }

            WriteIfAny(json, "phone", d.Phone);
            if (d.Segments is { } segments)
            {
                json.WriteNumber("segments", segments);
            }

            WriteIfAny(json, "providerStatus", d.ProviderStatus);
            if (d.SkipReason is { } skip)
            {
                json.WriteString("reason", CamelCase(skip.ToString()));
                WriteIfAny(json, "detail", d.Reason);
            }
            else
            {
                WriteIfAny(json, "reason", d.Reason);
            }

            WriteIfAny(json, "text", d.Text);
            WriteIfAny(json, "keyword", d.Keyword);
            if (d.Action is { } action)
            {
                json.WriteString("action", KeywordActions.ToWire(action));
            }

            if (d.SoftBounces is { } softBounces)
            {
                json.WriteNumber("softBounces", softBounces);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Where the message or contact stands after the event.</summary>
    public static string StatusOf(WebhookEventType type) => type switch
    {
        WebhookEventType.MessageSent => "sent",
        WebhookEventType.MessageDelivered => "delivered",
        WebhookEventType.MessageUndelivered => "undelivered",
        WebhookEventType.MessageSkipped => "skipped",
        WebhookEventType.MessageInbound => "received",
        WebhookEventType.ContactOptedOut => "notSubscribed",
        WebhookEventType.ContactBounced => "bounced",
        _ => "unknown",
    };

    private static void WriteIfAny(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
