using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Newsletters;

/// <summary>A newsletter run over a store's contacts (key: <c>{storeId}/{workflowId}/{runId}</c>), spread over shard grains.</summary>
public interface INewsletterRunGrain : IGrainWithStringKey
{
    /// <summary>Records the run (at <paramref name="startAt"/> or now) and starts its shards. A second start is ignored.</summary>
    Task StartAsync(string workflowId, int version, DateTimeOffset? startAt);

    [ReadOnly]
    Task<NewsletterView?> GetAsync();

    /// <summary>The run as <see cref="GetAsync"/> answers it but for its deliveries (<see cref="NewsletterView.Delivered"/> and <see cref="NewsletterView.Undelivered"/> are 0): no shard is asked.</summary>
    [ReadOnly]
    Task<NewsletterView?> GetSummaryAsync();

    /// <summary>A shard's cumulative counters (idempotent: the latest report of a shard wins).</summary>
    [AlwaysInterleave]
    Task ReportShardAsync(int shard, NewsletterCounters counters, bool done);

    /// <summary>
    /// Stops the run for good, durably before it answers: a scheduled run never starts, each shard
    /// stops before its next batch and reports, the contacts it handed to runs of their own at a
    /// Wait go no further than it, and its messages still queued for a resend are withdrawn (a run
    /// whose walk is done can still be cancelled while it has handed contacts to a Wait or queued
    /// messages). Idempotent. Answers the run as it stands: <see cref="NewsletterStatus.Cancelled"/>,
    /// or completed when it was over already (then nothing changes); null when there is no such run.
    /// </summary>
    Task<NewsletterView?> CancelAsync();

    /// <summary>True once a cancel of the run is durable (shards and handed-over contacts ask).</summary>
    [AlwaysInterleave]
    Task<bool> IsCancelledAsync();
}
