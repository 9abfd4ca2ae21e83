using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Abstractions.Webhooks;

/// <summary>How one attempt to deliver an event ended.</summary>
public enum WebhookAttemptOutcome
{
    /// <summary>The endpoint answered 2xx.</summary>
    Delivered = 0,

    /// <summary>A non-2xx answer, a timeout or a network error: tried again at <see cref="WebhookDelivery.NextRetryAt"/>.</summary>
    Failed = 1,

    /// <summary>Failed, and the retry window is over: the event is dropped from the queue.</summary>
    GaveUp = 2,
}

/// <summary>One attempt to deliver one event.</summary>
[GenerateSerializer, Immutable, Alias("sms.WebhookDelivery")]
public sealed record WebhookDelivery
{
    [Id(0)] public required string EventId { get; init; }
    [Id(1)] public WebhookEventType Type { get; init; }
    [Id(2)] public required string ContactId { get; init; }

    /// <summary>1 for the first attempt of the event.</summary>
    [Id(3)] public int Attempt { get; init; }
    [Id(4)] public DateTimeOffset At { get; init; }

    /// <summary>The endpoint's HTTP status; null when it gave none (a timeout, a network error).</summary>
    [Id(5)] public int? StatusCode { get; init; }

    /// <summary>What went wrong without a status: <c>timeout after 5 s</c>, <c>network error: ConnectionError</c>.</summary>
    [Id(6)] public string? Error { get; init; }
    [Id(7)] public WebhookAttemptOutcome Outcome { get; init; }
    [Id(8)] public DateTimeOffset? NextRetryAt { get; init; }
    [Id(9)] public double DurationMs { get; init; }
}

/// <summary>A webhook's recent attempts, newest first, with what its queues hold and what they had to drop.</summary>
[GenerateSerializer, Immutable, Alias("sms.WebhookDeliveries")]
public sealed record WebhookDeliveries
{
    [Id(0)] public WebhookDelivery[] Items { get; init; } = [];

    /// <summary>Events waiting (or in flight) for the webhook.</summary>
    [Id(1)] public int Queued { get; init; }

    /// <summary>Events a full queue could not take.</summary>
    [Id(2)] public long Dropped { get; init; }
    [Id(3)] public DateTimeOffset? LastDroppedAt { get; init; }
}
