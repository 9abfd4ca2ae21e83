using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSms.Abstractions.Webhooks;
using OrleansSms.Domain.Webhooks;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Webhooks;

/// <summary>
/// The body of <c>PUT …/webhooks/{webhookId}</c>, merged: an absent property keeps the webhook's
/// value; a new webhook needs <c>url</c> and <c>events</c> (<c>enabled</c> defaults to true).
/// </summary>
public sealed record WebhookRequest(string? Url, string[]? Events, bool? Enabled) : IJsonRequest<WebhookRequest>
{
    [JsonIgnore]
    public WebhookSettings Settings { get; private init; } = null!;

    public static ValueTask<WebhookRequest?> BindAsync(JsonElement body, BindingContext context) =>
        ValueTask.FromResult(Parse(body, context.Errors));

    private static WebhookRequest? Parse(JsonElement body, ValidationErrors errors)
    {
        JsonFields.RefuseUnknown(body, errors, "url", "events", "enabled");
        string? url = null;
        WebhookEventType[]? events = null;
        bool? enabled = null;
        if (body.TryGetProperty("url", out var urlValue))
        {
            var problem = urlValue.ValueKind == JsonValueKind.String
                ? WebhookUrls.Problem(urlValue.GetString())
                : $"must be an absolute https:// URL (a string).";
            if (problem is null)
            {
                url = urlValue.GetString();
            }
            else
            {
                errors.AddValue("url", urlValue, problem);
            }
        }

        if (body.TryGetProperty("events", out var eventsValue))
        {
            events = ParseEvents(eventsValue, errors);
        }

        if (body.TryGetProperty("enabled", out var enabledValue))
        {
            if (enabledValue.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                enabled = enabledValue.GetBoolean();
            }
            else
            {
                errors.AddValue("enabled", enabledValue, "must be true or false.");
            }
        }

        return errors.Any
            ? null
            : new WebhookRequest(url, events?.Select(WebhookEventTypes.ToWire).ToArray(), enabled)
            {
                Settings = new WebhookSettings { Url = url, Events = events, Enabled = enabled },
            };
    }

    /// <summary>A non-empty list of event types of the vocabulary; repeats are dropped.</summary>
    private static WebhookEventType[]? ParseEvents(JsonElement value, ValidationErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            errors.AddValue("events", value, $"must be a list of at least one event type: {WebhookEventTypes.Vocabulary}.");
            return null;
        }

        var events = new List<WebhookEventType>();
        var i = 0;
        var bad = false;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && WebhookEventTypes.TryParse(item.GetString(), out var type))
            {
                if (!events.Contains(type))
                {
                    events.Add(type);
                }
            }
            else
            {
                errors.AddValue($"events[{i}]", item, $"is not an event type: use {WebhookEventTypes.Vocabulary}.");
                bad = true;
            }

            i++;
        }

        return bad ? null : [.. events];
    }
}
