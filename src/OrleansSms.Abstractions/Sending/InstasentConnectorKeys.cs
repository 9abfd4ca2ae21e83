namespace OrleansSms.Abstractions.Sending;

/// <summary>Keys of <see cref="IInstasentConnectorGrain"/>: the store id.</summary>
public static class InstasentConnectorKeys
{
    public static string Format(string storeId) => GrainKeys.Store(storeId);

    /// <summary>The store id of a key.</summary>
    public static string Parse(string key) => GrainKeys.Store(key);

    public static IInstasentConnectorGrain GetInstasentConnector(this IGrainFactory grains, string storeId) => grains.GetGrain<IInstasentConnectorGrain>(Format(storeId));
}
