using OrleansSms.Abstractions.Webhooks;
using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Grains.Webhooks;

/// <summary>Persisted state of <see cref="WebhookDispatcherGrain"/>: per webhook, its queue and its recent attempts.</summary>
[GenerateSerializer, Alias("sms.WebhookDispatcherState")]
public sealed class WebhookDispatcherState
{
    [Id(0)] public Dictionary<string, WebhookQueueState> Webhooks { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One webhook's share of a dispatcher.</summary>
[GenerateSerializer, Alias("sms.WebhookQueueState")]
public sealed class WebhookQueueState
{
    /// <summary>Oldest first; at most <see cref="WebhookOptions.PartitionQueueLimit"/>.</summary>
    [Id(0)] public List<QueuedWebhookEvent> Queue { get; set; } = [];

    /// <summary>Oldest first; the newest <see cref="WebhookDispatcherGrain.AttemptsKept"/>.</summary>
    [Id(1)] public List<WebhookDelivery> Attempts { get; set; } = [];

    /// <summary>Events the full queue could not take, since the webhook was created.</summary>
    [Id(2)] public long Dropped { get; set; }
    [Id(3)] public DateTimeOffset? LastDroppedAt { get; set; }
}

/// <summary>An event waiting for one webhook, with its body as every attempt posts it.</summary>
[GenerateSerializer, Alias("sms.QueuedWebhookEvent")]
public sealed class QueuedWebhookEvent : IQueuedWebhookEvent
{
    [Id(0)] public string EventId { get; set; } = "";
    [Id(1)] public WebhookEventType Type { get; set; }
    [Id(2)] public string ContactId { get; set; } = "";

    /// <summary>The JSON posted (<see cref="WebhookPayload"/>): the same bytes at every attempt.</summary>
    [Id(3)] public string Body { get; set; } = "";
    [Id(4)] public DateTimeOffset QueuedAt { get; set; }

    /// <summary>Attempts made so far.</summary>
    [Id(5)] public int Attempts { get; set; }
    [Id(6)] public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>When the first attempt was made: the retry window counts from it.</summary>
    [Id(7)] public DateTimeOffset? FirstAttemptAt { get; set; }
}
