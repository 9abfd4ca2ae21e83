namespace OrleansSms.Abstractions.Channel;

/// <summary>Keys of <see cref="IStoreChannelGrain"/>: the store id.</summary>
public static class StoreChannelKeys
{
    public static string Format(string storeId) => GrainKeys.Store(storeId);

    /// <summary>The store id of a key.</summary>
    public static string Parse(string key) => GrainKeys.Store(key);

    public static IStoreChannelGrain GetStoreChannel(this IGrainFactory grains, string storeId) => grains.GetGrain<IStoreChannelGrain>(Format(storeId));
}
