namespace OrleansSms.Abstractions.Contacts;

/// <summary>How a store's contact index is partitioned (see <see cref="IContactIndexGrain"/>).</summary>
public static class ContactIndex
{
    /// <summary>
    /// Partitions per store. Fixed: a contact's partition must never move. 64 keeps a partition
    /// of a million-contact store near 16k ids, and lets a newsletter run 64 shards in parallel.
    /// </summary>
    public const int Partitions = 64;

    /// <summary>FNV-1a over the id's characters: stable across processes and versions (unlike string.GetHashCode).</summary>
    public static int PartitionOf(string contactId) => (int)(StableHash.Fnv1a(contactId) % Partitions);
}
