using OrleansSms.Abstractions.Contacts;
using OrleansSms.Grains.Contacts;

namespace OrleansSms.Silo.Contacts;

/// <summary>
/// Rebuilds a store's contact directory from its contacts' stored states: for each index
/// partition, every id it holds is read from storage (<see cref="ContactStateReader"/>, no
/// activation) and its entry handed to the partition, <see cref="Batch"/> at a time. An entry is
/// only ever replaced by a newer or equal revision, so contacts written meanwhile keep what they
/// wrote, and running it twice changes nothing. Ids whose contact is not stored (a write that
/// failed after its id was indexed) stay indexed and unlisted.
/// </summary>
public sealed partial class ContactDirectoryRebuilder(IGrainFactory grains, ContactStateReader contacts, ILogger<ContactDirectoryRebuilder> logger)
{
    /// <summary>Contacts read, then handed to their partition, at a time.</summary>
    public const int Batch = 256;

    /// <summary>Partitions rebuilt at once.</summary>
    public const int Parallelism = 4;

    public async Task<DirectoryRebuildResponse> RebuildAsync(string storeId, CancellationToken cancellationToken)
    {
        long listed = 0, missing = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, ContactIndex.Partitions), options, async (p, ct) =>
        {
            var partition = grains.GetContactIndex(storeId, p);
            var ids = await partition.GetContactIdsAsync();
            for (var start = 0; start < ids.Length; start += Batch)
            {
                ct.ThrowIfCancellationRequested();
                var read = await Task.WhenAll(new ArraySegment<string>(ids, start, Math.Min(Batch, ids.Length - start)).Select(id => contacts.ReadAsync(storeId, id)));
                var entries = read.Where(c => c is not null).Select(c => c!.Entry).ToArray();
                if (entries.Length > 0)
                {
                    await partition.UpsertManyAsync(entries);
                }

                Interlocked.Add(ref listed, entries.Length);
                Interlocked.Add(ref missing, read.Length - entries.Length);
            }
        });

        LogRebuilt(logger, storeId, listed, missing);
        return new DirectoryRebuildResponse(ContactIndex.Partitions, listed, missing);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact directory of store {StoreId} rebuilt: {Listed} contacts listed, {Missing} indexed ids without a stored contact")]
    private static partial void LogRebuilt(ILogger logger, string storeId, long listed, long missing);
}

/// <summary>
/// A rebuild's answer: the partitions walked, the contacts read from storage and listed, and the
/// indexed ids with no stored contact (left unlisted).
/// </summary>
public sealed record DirectoryRebuildResponse(int Partitions, long Contacts, long Missing);
