namespace OrleansSms.Abstractions.Newsletters;

/// <summary>A newsletter run as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("sms.NewsletterView")]
public sealed record NewsletterView
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string WorkflowId { get; init; }
    [Id(2)] public int Version { get; init; }

    [Id(3)] public NewsletterStatus Status { get; init; }
    [Id(4)] public required NewsletterCounters Counters { get; init; }
    [Id(5)] public int Shards { get; init; }
    [Id(6)] public int ShardsDone { get; init; }
    [Id(7)] public DateTimeOffset StartedAt { get; init; }
    [Id(8)] public DateTimeOffset? StartAt { get; init; }
    [Id(9)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Messages of the run's own sends that Instasent reported delivered so far.</summary>
    [Id(10)] public long Delivered { get; init; }

    /// <summary>Messages of the run's own sends that ended undelivered (a hard or soft bounce) so far.</summary>
    [Id(11)] public long Undelivered { get; init; }

    [Id(12)] public DateTimeOffset? CancelledAt { get; init; }
}
