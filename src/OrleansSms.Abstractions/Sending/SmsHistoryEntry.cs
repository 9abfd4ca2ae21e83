using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Sending;

/// <summary>One SMS in a contact's (or a store's alert) history.</summary>
[GenerateSerializer, Immutable, Alias("sms.SmsHistoryEntry")]
public sealed record SmsHistoryEntry
{
    [Id(0)] public string? SmsId { get; init; }
    [Id(1)] public SmsKind Kind { get; init; }
    [Id(2)] public string? WorkflowId { get; init; }
    [Id(3)] public required string ClientId { get; init; }
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
}
