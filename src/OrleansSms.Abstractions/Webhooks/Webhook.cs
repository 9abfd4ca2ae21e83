using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Abstractions.Webhooks;

/// <summary>A webhook as it is shown: never its secret.</summary>
[GenerateSerializer, Immutable, Alias("sms.Webhook")]
public sealed record Webhook
{
    [Id(0)] public required string WebhookId { get; init; }
    [Id(1)] public required string Url { get; init; }

    /// <summary>In the order of the vocabulary.</summary>
    [Id(2)] public required WebhookEventType[] Events { get; init; }
    [Id(3)] public bool Enabled { get; init; }
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; init; }
}
