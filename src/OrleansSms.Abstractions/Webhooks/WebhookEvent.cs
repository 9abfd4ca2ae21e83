using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Abstractions.Webhooks;

/// <summary>One transition of a contact, told to the store's webhooks: kept in the contact's outbox, then in its dispatcher's queue.</summary>
[GenerateSerializer, Immutable, Alias("sms.WebhookEvent")]
public sealed record WebhookEvent
{
    /// <summary>Derived from the transition (<see cref="WebhookEventIds"/>): the same across retries and repeated hand-offs.</summary>
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public WebhookEventType Type { get; init; }

    /// <summary>When the transition happened (a report's own time when it gave one).</summary>
    [Id(2)] public DateTimeOffset At { get; init; }
    [Id(3)] public required string ContactId { get; init; }
    [Id(4)] public WebhookEventData Data { get; init; } = new();
}
