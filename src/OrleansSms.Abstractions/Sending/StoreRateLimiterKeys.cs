namespace OrleansSms.Abstractions.Sending;

/// <summary>Keys of <see cref="IStoreRateLimiterGrain"/>: the store id.</summary>
public static class StoreRateLimiterKeys
{
    public static string Format(string storeId) => GrainKeys.Store(storeId);

    /// <summary>The store id of a key.</summary>
    public static string Parse(string key) => GrainKeys.Store(key);

    public static IStoreRateLimiterGrain GetStoreRateLimiter(this IGrainFactory grains, string storeId) => grains.GetGrain<IStoreRateLimiterGrain>(Format(storeId));
}
