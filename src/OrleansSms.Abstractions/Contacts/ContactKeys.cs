namespace OrleansSms.Abstractions.Contacts;

/// <summary>Keys of <see cref="IContactGrain"/>: <c>{storeId}/{contactId}</c>.</summary>
public static class ContactKeys
{
    public static string Format(string storeId, string contactId) => GrainKeys.Pair(storeId, contactId);

    public static (string StoreId, string ContactId) Parse(string key) => GrainKeys.SplitPair(key, "contact (storeId/contactId)");

    public static IContactGrain GetContact(this IGrainFactory grains, string storeId, string contactId) =>
        grains.GetGrain<IContactGrain>(Format(storeId, contactId));
}
