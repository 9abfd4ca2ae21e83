namespace OrleansSms.Abstractions.Sending;

/// <summary>Keys of <see cref="IStoreBacklogGrain"/>: the store id.</summary>
public static class StoreBacklogKeys
{
    public static IStoreBacklogGrain GetStoreBacklog(this IGrainFactory grains, string storeId) =>
        grains.GetGrain<IStoreBacklogGrain>(GrainKeys.Store(storeId));
}
