namespace OrleansSms.Abstractions.Channel;

/// <summary>
/// The stores that have a channel (one grain, key 0, in memory once active), so that a silo can
/// tell an unknown store id on Instasent's callback from a real one without activating that
/// store's grains or reading the database.
/// </summary>
public interface IStoreDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds the store (idempotent), durably before it answers.</summary>
    Task AddAsync(string storeId);

    [Orleans.Concurrency.ReadOnly]
    Task<bool> ContainsAsync(string storeId);

    /// <summary>
    /// Up to <paramref name="limit"/> stores after <paramref name="after"/> in id order (ordinal),
    /// each with its channel's state; only <paramref name="only"/> when given (a store key's own).
    /// </summary>
    [Orleans.Concurrency.ReadOnly]
    Task<StorePage> ListAsync(string? after, int limit, string? only);
}

public static class StoreDirectoryKeys
{
    public static IStoreDirectoryGrain GetStoreDirectory(this IGrainFactory grains) => grains.GetGrain<IStoreDirectoryGrain>(0);
}
