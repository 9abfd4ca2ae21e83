using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>Counters of a newsletter run (or one shard of it).</summary>
[GenerateSerializer, Alias("sms.NewsletterCounters")]
public sealed record NewsletterCounters
{
    [Id(0)] public long Contacts { get; init; }
    [Id(1)] public long Sent { get; init; }
    [Id(2)] public long Failed { get; init; }
    [Id(3)] public long Bounced { get; init; }
    [Id(4)] public long Paused { get; init; }
    [Id(5)] public long NotSubscribed { get; init; }
    [Id(6)] public long NoPhone { get; init; }
    [Id(7)] public long FilteredOut { get; init; }

    /// <summary>Contacts handed to a one-contact run at a Wait node.</summary>
    [Id(8)] public long Waiting { get; init; }

    /// <summary>Recorded and queued: Instasent could not take them yet (outage, rate backlog); resent by the contact.</summary>
    [Id(9)] public long Queued { get; init; }

    public static NewsletterCounters Zero { get; } = new();

    public NewsletterCounters Add(NewsletterCounters other) => new()
    {
        Contacts = Contacts + other.Contacts,
        Sent = Sent + other.Sent,
        Failed = Failed + other.Failed,
        Bounced = Bounced + other.Bounced,
        Paused = Paused + other.Paused,
        NotSubscribed = NotSubscribed + other.NotSubscribed,
        NoPhone = NoPhone + other.NoPhone,
        FilteredOut = FilteredOut + other.FilteredOut,
        Waiting = Waiting + other.Waiting,
        Queued = Queued + other.Queued,
    };
}

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
}

/// <summary>A newsletter run over a store's contacts (key: <c>{storeId}/{workflowId}/{runId}</c>), spread over shard grains.</summary>
public interface INewsletterRunGrain : IGrainWithStringKey
{
    /// <summary>Records the run (at <paramref name="startAt"/> or now) and starts its shards. A second start is ignored.</summary>
    Task StartAsync(string workflowId, int version, DateTimeOffset? startAt);

    [ReadOnly]
    Task<NewsletterView?> GetAsync();

    /// <summary>A shard's cumulative counters (idempotent: the latest report of a shard wins).</summary>
    [AlwaysInterleave]
    Task ReportShardAsync(int shard, NewsletterCounters counters, bool done);
}

/// <summary>
/// One partition of the contact index walked for one newsletter run
/// (key: <c>{storeId}/{workflowId}/{runId}/{partition}</c>), with a persisted cursor.
/// </summary>
public interface INewsletterShardGrain : IGrainWithStringKey
{
    /// <summary>Starts (or resumes) the walk; answers at once, the walk goes on in the grain.</summary>
    Task StartAsync(int version);

    /// <summary>Walks the next stretch of contacts (the grain sends this to itself until done).</summary>
    [OneWay]
    Task WalkAsync();
}
