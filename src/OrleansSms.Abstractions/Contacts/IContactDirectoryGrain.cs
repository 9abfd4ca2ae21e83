namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// A store's contact list (key: <c>{storeId}</c>; a stateless worker, one or more per silo,
/// holding nothing): it asks the store's 64 index partitions for their page, merges them, and
/// fetches the page's contacts from their grains.
/// </summary>
public interface IContactDirectoryGrain : IGrainWithStringKey
{
    /// <summary>A page of the contacts that match, in id order.</summary>
    Task<ContactListPage> ListAsync(ContactListQuery query);

    /// <summary>How many contacts match (<see cref="ContactListQuery.Limit"/> and <see cref="ContactListQuery.After"/> aside).</summary>
    Task<long> CountAsync(ContactListQuery query);
}
