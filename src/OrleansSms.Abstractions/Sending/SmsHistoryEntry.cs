using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Sending;

/// <summary>One SMS in a contact's (or a store's alert) history: one we sent, or a reply.</summary>
[GenerateSerializer, Immutable, Alias("sms.SmsHistoryEntry")]
public sealed record SmsHistoryEntry
{
    [Id(0)] public string? SmsId { get; init; }
    /// <summary>Null for a reply.</summary>
    [Id(1)] public SmsKind? Kind { get; init; }
    [Id(2)] public string? WorkflowId { get; init; }
    /// <summary>Our message's clientId; for a reply, the clientId Instasent gave it (of the message it answers), if any.</summary>
    [Id(3)] public string? ClientId { get; init; }
    [Id(4)] public string? ProviderId { get; init; }
    /// <summary>Pending, sent (with the provider or the network), delivered or undelivered.</summary>
    [Id(12)] public DeliveryStatus Status { get; init; }

    /// <summary>The log's finer state: pending, accepted, sent, delivered, failed (a bounce) or refused (by the provider's send call).</summary>
    [Id(5)] public MessageStatus State { get; init; }

    /// <summary>Instasent's own word for the last report that changed the message (sent, buffered, delivered, expired, failed, stop, …).</summary>
    [Id(6)] public string? ProviderStatus { get; init; }
    [Id(7)] public DateTimeOffset SentAt { get; init; }
    [Id(8)] public DateTimeOffset StatusAt { get; init; }
    [Id(9)] public string? Error { get; init; }
    [Id(10)] public string? To { get; init; }
    [Id(11)] public int Segments { get; init; }

    [Id(13)] public MessageDirection Direction { get; init; }

    /// <summary>A reply's text (an outbound message's text is not kept once Instasent has it).</summary>
    [Id(14)] public string? Text { get; init; }

    /// <summary>The store's opt-out or opt-in keyword a reply matched, if any.</summary>
    [Id(15)] public string? Keyword { get; init; }
}
