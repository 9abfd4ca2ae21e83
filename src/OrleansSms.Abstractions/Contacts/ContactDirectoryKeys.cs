namespace OrleansSms.Abstractions.Contacts;

/// <summary>Keys of <see cref="IContactDirectoryGrain"/>: <c>{storeId}</c>.</summary>
public static class ContactDirectoryKeys
{
    public static IContactDirectoryGrain GetContactDirectory(this IGrainFactory grains, string storeId) =>
        grains.GetGrain<IContactDirectoryGrain>(GrainKeys.Store(storeId));
}
