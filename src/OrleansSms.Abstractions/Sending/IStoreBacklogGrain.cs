using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Sending;

/// <summary>
/// A store's send backlog across the cluster (key: the store id): the messages its contacts and
/// alerts hold as pending that Instasent has not taken yet. Each silo reports its own share every
/// few seconds while it has one (and once more when it drops to zero); a share not reported for
/// three intervals is a silo gone and no longer counts. Kept in memory: a new activation is full
/// again after one interval.
/// </summary>
public interface IStoreBacklogGrain : IGrainWithStringKey
{
    /// <summary>The share of <paramref name="silo"/> (its address) is <paramref name="pending"/> messages now.</summary>
    Task ReportAsync(string silo, int pending);

    [ReadOnly]
    Task<StoreBacklog> GetAsync();
}
