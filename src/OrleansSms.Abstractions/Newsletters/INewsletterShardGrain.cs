using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Newsletters;

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

    /// <summary>
    /// The run was cancelled: the walk stops before its next batch, then reports its counters as
    /// done. Answers at once (the batch in flight finishes first). The shard also asks the run
    /// at every stretch, so a shard this call never reached stops all the same.
    /// </summary>
    [AlwaysInterleave]
    Task CancelAsync();
}
