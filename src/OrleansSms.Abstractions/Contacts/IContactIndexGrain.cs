using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// One partition of a store's contact index and directory (key: <c>{storeId}/{partition}</c>,
/// <see cref="ContactIndex.PartitionOf"/>): which contacts the store has, so a newsletter can walk
/// them, and for each what a contact list searches and filters by, kept by the contacts
/// themselves (<see cref="UpsertAsync"/> on every write that changes it). A contact adds its id
/// before its first write; it is listed once the contact's entry came, and removes itself when erased.
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

    /// <summary>
    /// An import's batch: <see cref="AddManyAsync"/> of <paramref name="contactIds"/>, and in the
    /// same write the entries of contacts the import has written meanwhile (<paramref name="written"/>).
    /// </summary>
    [AlwaysInterleave]
    Task<bool[]> AddImportedAsync(string[] contactIds, ContactDirectoryEntry[] written);

    /// <summary>A contact's entry, durably, unless the directory holds a newer revision of it.</summary>
    [AlwaysInterleave]
    Task UpsertAsync(ContactDirectoryEntry entry);

    /// <summary>Several entries with one write (an import's last ones, a rebuild).</summary>
    [AlwaysInterleave]
    Task UpsertManyAsync(ContactDirectoryEntry[] entries);

    /// <summary>Forgets a contact: its id and its entry (a contact erased).</summary>
    [AlwaysInterleave]
    Task RemoveAsync(string contactId);

    /// <summary>All contact ids of the partition, listed or not, sorted (ordinal): a stable order for a shard's cursor.</summary>
    [ReadOnly]
    Task<string[]> GetContactIdsAsync();

    /// <summary>Up to <paramref name="limit"/> listed ids that match, after <paramref name="after"/>, in order.</summary>
    [ReadOnly]
    Task<ContactIdPage> FindAsync(ContactDirectoryFilter filter, string? after, int limit);

    /// <summary>How many listed ids match.</summary>
    [ReadOnly]
    Task<int> CountAsync(ContactDirectoryFilter filter);

    /// <summary>The custom fields (<c>name:type</c>) the partition's contacts have had, for an export's header.</summary>
    [ReadOnly]
    Task<string[]> GetFieldColumnsAsync();

    /// <summary>What the partition holds and the memory its entries take.</summary>
    [ReadOnly]
    Task<ContactIndexStats> GetStatsAsync();
}
