using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// One partition of a store's contact index (key: <c>{storeId}/{partition}</c>): which contacts
/// the store has, so a newsletter can walk them. Contacts add themselves when created.
/// </summary>
public interface IContactIndexGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task AddAsync(string contactId);

    /// <summary>
    /// Adds several ids with one write (an import indexes each batch this way). Answers, for each
    /// id, whether this call added it: <c>true</c> means the index had never listed it, so no
    /// other write has created that contact (every path indexes a contact before writing it).
    /// </summary>
    [AlwaysInterleave]
    Task<bool[]> AddManyAsync(string[] contactIds);

    /// <summary>All contact ids of the partition, sorted (ordinal): a stable order for a shard's cursor.</summary>
    [ReadOnly]
    Task<string[]> GetContactIdsAsync();
}
