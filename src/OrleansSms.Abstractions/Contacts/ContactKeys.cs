namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// Contact grain keys. Neither store ids nor contact ids may hold '/', so the split is exact.
/// </summary>
public static class ContactKeys
{
    public static string Format(string storeId, string contactId) => string.Concat(storeId, "/", contactId);

    public static (string StoreId, string ContactId) Parse(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1)
        {
            throw new ArgumentException($"'{key}' is not a contact key (storeId/contactId).", nameof(key));
        }

        return (key[..slash], key[(slash + 1)..]);
    }

    public static IContactGrain GetContact(this IGrainFactory grains, string storeId, string contactId) =>
        grains.GetGrain<IContactGrain>(Format(storeId, contactId));
}
