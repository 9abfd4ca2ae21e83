using System.Text;
using System.Text.Json.Serialization;
using OrleansSms.Abstractions.Webhooks;
using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Silo.Webhooks;

/// <summary>
/// A webhook as the API shows it. <c>secret</c> is there only in the answer that made it (the
/// webhook's creation, a rotation), never in a read; <see cref="ToString"/> never shows it.
/// </summary>
public sealed record WebhookAnswer(
    string WebhookId,
    string Url,
    string[] Events,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null)
{
    public static WebhookAnswer From(Webhook webhook, string? secret = null) => new(
        webhook.WebhookId, webhook.Url, [.. webhook.Events.Select(WebhookEventTypes.ToWire)], webhook.Enabled, webhook.CreatedAt, webhook.UpdatedAt, secret);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"WebhookId = {WebhookId}, Url = {Url}, Enabled = {Enabled}");
        return true;
    }
}

public sealed record WebhooksAnswer(WebhookAnswer[] Items);

/// <summary>One delivery attempt: which event, which try, what the endpoint said (or what went wrong), and when the next try is.</summary>
public sealed record WebhookDeliveryAnswer(
    string EventId,
    string Type,
    string ContactId,
    int Attempt,
    DateTimeOffset At,
    int? StatusCode,
    string? Error,
    WebhookAttemptOutcome Outcome,
    DateTimeOffset? NextRetryAt,
    double DurationMs)
{
    public static WebhookDeliveryAnswer From(WebhookDelivery d) =>
        new(d.EventId, WebhookEventTypes.ToWire(d.Type), d.ContactId, d.Attempt, d.At, d.StatusCode, d.Error, d.Outcome, d.NextRetryAt, d.DurationMs);
}

/// <summary>A webhook's newest attempts (newest first), the events waiting for it, and those its full queue could not take.</summary>
public sealed record WebhookDeliveriesAnswer(WebhookDeliveryAnswer[] Items, int Queued, long Dropped, DateTimeOffset? LastDroppedAt);
