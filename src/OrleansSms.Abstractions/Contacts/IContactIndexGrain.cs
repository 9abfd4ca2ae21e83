using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// One partition of a store's contact index (key: <c>{storeId}/{partition}</c>): which contacts
/// the store has, so a newsletter can walk them. Contacts add themselves when created, and
/// remove themselves when erased.
/// </summary>
public interface IContactIndexGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task AddAsync(string contactId);

    /// <summary>
    /// Adds several ids with one write (an import indexes each batch this way). Answers, for each
    /// id, whether this call added it: <c>true</c> means the index did not list it, so no contact
    /// exists under it (every path indexes a contact before writing it, and an erasure clears the
    /// contact before removing it): it was never created, or it was erased, and then its storage
    /// record is empty, which a create-if-absent write meets and leaves to the contact's grain.
    /// </summary>
    [AlwaysInterleave]
    Task<bool[]> AddManyAsync(string[] contactIds);

    /// <summary>Removes an erased contact's id, durably before the answer; nothing to do when it is not listed.</summary>
    [AlwaysInterleave]
    Task RemoveAsync(string contactId);

    /// <summary>All contact ids of the partition, sorted (ordinal): a stable order for a shard's cursor.</summary>
    [ReadOnly]
    Task<string[]> GetContactIdsAsync();
}
