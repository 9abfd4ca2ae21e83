namespace OrleansSms.Abstractions.Contacts;

/// <summary>Keys of <see cref="IContactIndexGrain"/>: <c>{storeId}/{partition}</c>.</summary>
public static class ContactIndexKeys
{
    public static string Format(string storeId, int partition) => GrainKeys.Pair(storeId, partition);

    public static (string StoreId, int Partition) Parse(string key) => GrainKeys.SplitNumbered(key, "contact index (storeId/partition)");

    public static IContactIndexGrain GetContactIndex(this IGrainFactory grains, string storeId, int partition) =>
        grains.GetGrain<IContactIndexGrain>(Format(storeId, partition));
}
