using OrleansSms.Abstractions.Newsletters;

namespace OrleansSms.Grains.Newsletters;

/// <summary>Persisted state of <see cref="NewsletterRunGrain"/>.</summary>
[GenerateSerializer, Alias("sms.NewsletterRunState")]
public sealed class NewsletterRunState
{
    [Id(0)] public string? WorkflowId { get; set; }
    [Id(1)] public int Version { get; set; }
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public DateTimeOffset? StartAt { get; set; }
    [Id(4)] public bool ShardsStarted { get; set; }

    /// <summary>Each shard's latest cumulative counters.</summary>
    [Id(5)] public Dictionary<int, NewsletterCounters> Shards { get; set; } = [];
    [Id(6)] public HashSet<int> ShardsDone { get; set; } = [];
    [Id(7)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the run was cancelled; a cancelled run never completes (<see cref="CompletedAt"/> stays null).</summary>
    [Id(8)] public DateTimeOffset? CancelledAt { get; set; }
}

/// <summary>Persisted state of <see cref="NewsletterShardGrain"/>.</summary>
[GenerateSerializer, Alias("sms.NewsletterShardState")]
public sealed class NewsletterShardState
{
    [Id(0)] public int Version { get; set; }
    [Id(1)] public bool Started { get; set; }

    /// <summary>The last contact id whose whole batch is done; the walk resumes after it (ordinal order).</summary>
    [Id(2)] public string? Cursor { get; set; }
    [Id(3)] public NewsletterCounters Counters { get; set; } = NewsletterCounters.Zero;
    [Id(4)] public bool Done { get; set; }

    /// <summary>The walk stopped before its end because the run was cancelled (<see cref="Done"/> is set too).</summary>
    [Id(5)] public bool Cancelled { get; set; }

    /// <summary>
    /// When the next batch was taken on, for the SMS report: the time of the last checkpoint (or
    /// the start). A batch repeated after a crash counts its skips in the same hour, so the
    /// counters recognise them.
    /// </summary>
    [Id(6)] public DateTimeOffset? BatchAt { get; set; }
}

/// <summary>Persisted state of <see cref="NewsletterDeliveriesGrain"/>: positions of the shard's walk, as bitmaps (see <see cref="Domain.Sending.NewsletterDeliveryMarks"/>).</summary>
[GenerateSerializer, Alias("sms.NewsletterDeliveriesState")]
public sealed class NewsletterDeliveriesState
{
    /// <summary>Positions whose message was delivered; null until the first.</summary>
    [Id(0)] public byte[]? Delivered { get; set; }

    /// <summary>Positions whose message ended undelivered (a hard or soft bounce); null until the first.</summary>
    [Id(1)] public byte[]? Undelivered { get; set; }
}
