using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Newsletters;

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
