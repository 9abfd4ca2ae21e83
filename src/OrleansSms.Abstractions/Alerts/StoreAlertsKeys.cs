namespace OrleansSms.Abstractions.Alerts;

/// <summary>Keys of <see cref="IStoreAlertsGrain"/>: the store id.</summary>
public static class StoreAlertsKeys
{
    public static string Format(string storeId) => GrainKeys.Store(storeId);

    /// <summary>The store id of a key.</summary>
    public static string Parse(string key) => GrainKeys.Store(key);

    public static IStoreAlertsGrain GetStoreAlerts(this IGrainFactory grains, string storeId) => grains.GetGrain<IStoreAlertsGrain>(Format(storeId));
}
