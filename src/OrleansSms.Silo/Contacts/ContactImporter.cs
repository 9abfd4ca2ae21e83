using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OrleansSms.Abstractions.Audit;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Grains.Contacts;

namespace OrleansSms.Silo.Contacts;

/// <summary>
/// Streams a CSV into contacts: one task parses the body as it arrives and hands ready updates
/// through a bounded channel to <see cref="ImportOptions.Parallelism"/> writer loops, each awaiting
/// one contact write at a time (straight into storage for a new contact, else through its grain).
/// Memory stays flat whatever the file's size (at most <see cref="IndexBatch"/> +
/// <see cref="Buffered"/> parsed rows are held), and parsing overlaps the writes instead of
/// taking turns with them.
/// <para>
/// Before a batch of rows goes to the writers, their ids are added to the store's contact index
/// all at once, one call and one write per partition. A new contact otherwise adds itself to its
/// index partition, and each partition write persists the whole partition: one add per contact
/// costs a write of a growing set per row (quadratic in the import's size). The rows then go to
/// their contacts through <see cref="IContactGrain.ImportAsync"/>. The index may list an id whose contact write then
/// fails, which the index allows ("indexed before it exists"); a row whose id could not be
/// indexed is not written and is reported like a failed write.
/// </para>
/// <para>
/// The index also says which ids it did not list: those contacts do not exist, and
/// <see cref="NewContactWriter"/> writes them straight into storage without waking their grains
/// (an activation per row was most of an import's cost). Rows of contacts that exist, and a new
/// id whose record turns out to exist after all (an erased contact's, left empty), go to their
/// contact grains, which merge them.
/// </para>
/// <para>
/// The contact directory: a contact a grain writes updates its directory entry itself; the entries
/// of contacts written straight into storage ride along with the next batch's index call
/// (<see cref="IContactIndexGrain.AddImportedAsync"/>: the same write), and what is left when
/// the file is written goes in one call per partition before the import answers. A contact whose
/// entry could not be stored is reported like a failed line: importing it again lists it.
/// </para>
/// <para>
/// An import shares the thread pool with every other request, and a contact write can complete
/// without ever going asynchronous (memory storage) or hold its thread while it waits (SQLite):
/// the parser and each writer give their thread back every <see cref="YieldEvery"/> rows, and at
/// most <see cref="ImportOptions.Parallelism"/> contact writes (and as many index writes) are in
/// flight. Bad lines (over <see cref="ImportOptions.MaxLineBytes"/>, not UTF-8, an unbalanced
/// quote, a bad value) are reported and the rest is read; if the body cannot be read to its end
/// after rows were handed on, those rows are still written and the answer says where reading
/// stopped (<see cref="ImportResponse.Stopped"/>): an import that started writing always answers
/// its summary.
/// </para>
/// <para>
/// A caller that shows the import as it runs (the console) passes an <see cref="IProgress{T}"/>:
/// it hears of the bytes and lines read and the lines done every <see cref="YieldEvery"/> rows,
/// and once more with the final counts before the import answers. Without one nothing is counted
/// and the import runs as the API's does.
/// </para>
/// </summary>
public sealed partial class ContactImporter(IGrainFactory grains, NewContactWriter newContacts, IOptions<ImportOptions> options, ILogger<ContactImporter> logger)
{
    private int Parallelism => options.Value.Parallelism;

    /// <summary>Rows whose ids are added to the contact index together (see the class remarks).</summary>
    public const int IndexBatch = 8192;

    /// <summary>
    /// Parsed rows waiting for a writer: the parser's lead over the writes. One batch, so the
    /// writers work through a batch while the parser reads and indexes the next.
    /// </summary>
    public const int Buffered = IndexBatch;

    /// <summary>Index partitions written at once while the writers write contacts.</summary>
    public const int IndexParallelism = 8;

    /// <summary>A file of nothing but bad lines must not turn into an unbounded answer.</summary>
    public const int MaxReportedRejections = 1000;

    /// <summary>
    /// Rows the parser reads, and each writer writes, before it lets the thread pool run other
    /// work (a few milliseconds of CPU at most).
    /// </summary>
    public const int YieldEvery = 64;

    /// <param name="progress">
    /// Hears how far the import is (see the class remarks); reports come one at a time, and each
    /// one's figures are at least those of the report before. It must return at once.
    /// </param>
    public async Task<ImportResponse> ImportAsync(string storeId, Stream csv, CancellationToken cancellationToken, IProgress<ImportProgress>? progress = null)
    {
        var channel = await grains.GetGrain<IStoreChannelGrain>(storeId).GetAsync();
        var defaultSubscription = channel?.DefaultSubscriptionStatus ?? SubscriptionStatus.None;
        ReadCountingStream? counted = null;
        if (progress is not null)
        {
            csv = counted = new ReadCountingStream(csv);
        }

        var tally = new Tally(progress, counted);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rows = System.Threading.Channels.Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(Buffered)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        var contacts = ContactGrains.For(grains, storeId);
        var written = new WrittenEntries();
        var parsing = ParseAsync(storeId, csv, channel?.DefaultCountry, defaultSubscription, rows.Writer, tally, written, stop.Token, cancellationToken);
        var writers = new Task[Parallelism];
        for (var i = 0; i < writers.Length; i++)
        {
            writers[i] = WriteAsync(storeId, contacts, rows.Reader, tally, written, stop.Token);
        }

        try
        {
            await Task.WhenAll(writers);
        }
        catch
        {
            // A writer gave up (cancellation): stop the parser too, then surface the writer's error.
            await stop.CancelAsync();
            await Task.WhenAny(parsing);
            throw;
        }

        // Rethrows the parser's failure before any row was handed on: a bad header, a body that
        // could not be read (nothing was written); and cancellation (the client is gone).
        await parsing;
        await ListWrittenAsync(storeId, written, tally, cancellationToken);
        tally.Report();
        var response = tally.Response();

        // Recorded before the answer, as every other change a key makes to the store.
        await grains.GetStoreAudit(storeId).RecordAsync(new AuditRecord
        {
            Action = AuditAction.ContactsImported,
            Target = AuditTargets.Import,
            Counts = new AuditCounts(response.Created, response.Updated, response.RejectedCount),
        });
        return response;
    }

    /// <param name="cancellationToken">Cancelled when the import gives up (the client went, or a writer failed).</param>
    /// <param name="requestAborted">Cancelled when the client went: a read failure then is no reason to answer.</param>
    private async Task ParseAsync(string storeId, Stream csv, string? defaultCountry, SubscriptionStatus defaultSubscription,
        ChannelWriter<PendingWrite> rows, Tally tally, WrittenEntries written, CancellationToken cancellationToken, CancellationToken requestAborted)
    {
        var batch = new List<PendingWrite>(IndexBatch);
        var lastLine = 0; // the last line handed on (0: none yet, only the header was read)
        try
        {
            try
            {
                var sinceYield = 0;
                await foreach (var line in ContactCsvReader.ReadAsync(csv, defaultCountry, options.Value.ToLimits(), cancellationToken).ConfigureAwait(false))
                {
                    lastLine = line.Line;
                    if (++sinceYield == YieldEvery)
                    {
                        sinceYield = 0;
                        tally.Read(lastLine);
                        await Task.Yield();
                    }

                    if (line.Patch is null)
                    {
                        tally.Reject(line.Line, line.Error ?? "invalid line");
                        continue;
                    }

                    batch.Add(new PendingWrite(line.Line, line.ContactId!, ContactUpdate.From(line.Patch, defaultSubscription)));
                    if (batch.Count == IndexBatch)
                    {
                        await ReleaseAsync(storeId, batch, rows, tally, written, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (lastLine > 0 && !requestAborted.IsCancellationRequested && e is not OperationCanceledException)
            {
                // Rows were read: those go on to be written, and the answer says where reading stopped.
                LogReadFailed(logger, e, storeId, lastLine);
                tally.Stop(lastLine + 1, e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                    ? $"the file is larger than {ContactsApi.MaxImportBytes >> 30} GiB: nothing from this line on was imported"
                    : "the rest of the file could not be read: nothing from this line on was imported");
            }

            await ReleaseAsync(storeId, batch, rows, tally, written, cancellationToken).ConfigureAwait(false);
            tally.Read(lastLine);
        }
        finally
        {
            // Writers drain what is buffered and stop; the parser's exception (if any) is awaited by the caller.
            rows.TryComplete();
        }
    }

    /// <summary>Indexes the batch's ids together, then hands its rows to the writers.</summary>
    private async Task ReleaseAsync(string storeId, List<PendingWrite> batch, ChannelWriter<PendingWrite> rows, Tally tally, WrittenEntries written,
        CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var byPartition = new List<int>?[ContactIndex.Partitions];
        for (var i = 0; i < batch.Count; i++)
        {
            (byPartition[ContactIndex.PartitionOf(batch[i].ContactId)] ??= []).Add(i);
        }

        // One add of all the batch's ids per partition (one write each), a few partitions at a
        // time: the index writes must not double the import's database load.
        var indexed = new bool[batch.Count];
        var added = new bool[batch.Count];
        var partitions = Enumerable.Range(0, byPartition.Length).Where(p => byPartition[p] is not null || written.Any(p));
        // No more index writes in flight than contact writes: on SQLite each holds a thread while it waits.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(IndexParallelism, Parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(partitions, parallel, async (partition, _) =>
        {
            var members = byPartition[partition] ?? [];
            var ids = new string[members.Count];
            for (var k = 0; k < ids.Length; k++)
            {
                ids[k] = batch[members[k]].ContactId;
            }

            // The directory entries of contacts written since the last batch share this write.
            var (lines, entries) = written.Take(partition);
            try
            {
                var addedNow = await grains.GetContactIndex(storeId, partition).AddImportedAsync(ids, entries).ConfigureAwait(false);
                for (var k = 0; k < members.Count; k++)
                {
                    indexed[members[k]] = true;
                    added[members[k]] = addedNow[k];
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogIndexFailed(logger, e, storeId, partition);
                tally.NotListed(lines);
            }
        }).ConfigureAwait(false);

        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i] with { New = added[i] };
            if (!indexed[i])
            {
                // Not known to be indexed durably: the contact is not written, as for a failed write.
                tally.Reject(write.Line, "not saved (storage error): import this line again");
                continue;
            }

            if (!rows.TryWrite(write))
            {
                await rows.WriteAsync(write, cancellationToken).ConfigureAwait(false);
            }
        }

        batch.Clear();
    }

    /// <summary>The directory entries no batch took yet, one call per partition.</summary>
    private async Task ListWrittenAsync(string storeId, WrittenEntries written, Tally tally, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(IndexParallelism, Parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, ContactIndex.Partitions).Where(written.Any), parallel, async (partition, _) =>
        {
            var (lines, entries) = written.Take(partition);
            try
            {
                await grains.GetContactIndex(storeId, partition).UpsertManyAsync(entries).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogIndexFailed(logger, e, storeId, partition);
                tally.NotListed(lines);
            }
        }).ConfigureAwait(false);
    }

    private async Task WriteAsync(string storeId, ContactGrains contacts, ChannelReader<PendingWrite> rows, Tally tally, WrittenEntries written,
        CancellationToken cancellationToken)
    {
        var sinceYield = 0;
        while (await rows.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (rows.TryRead(out var row))
            {
                if (++sinceYield == YieldEvery)
                {
                    // A write on memory storage completes synchronously: without this a writer
                    // would keep its thread for the whole batch.
                    sinceYield = 0;
                    tally.Report();
                    await Task.Yield();
                }

                try
                {
                    if (row.New && await newContacts.CreateAsync(contacts.IdOf(row.ContactId), row.ContactId, row.Update).ConfigureAwait(false) is { } entry)
                    {
                        tally.Written(created: true);
                        written.Add(row.Line, entry);
                        continue;
                    }

                    var result = await contacts.Get(row.ContactId).ImportAsync(row.Update).ConfigureAwait(false);
                    tally.Written(result.Created);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogWriteFailed(logger, e, storeId, row.Line);
                    tally.Reject(row.Line, "not saved (storage error): import this line again");
                }
            }
        }
    }

    /// <summary>
    /// The same references as <see cref="ContactKeys.GetContact"/>, minus a cost per row:
    /// <c>GetGrain&lt;IContactGrain&gt;(string)</c> maps the interface to its grain type through
    /// reflection over custom attributes on every call in Orleans 10 (about 3 % of an import's CPU
    /// in the profile). The grain and interface types are resolved once per import.
    /// </summary>
    private sealed class ContactGrains(IGrainFactory grains, string storeId, GrainType grainType, GrainInterfaceType interfaceType)
    {
        public static ContactGrains For(IGrainFactory grains, string storeId)
        {
            var prototype = (GrainReference)grains.GetContact(storeId, "_");
            return new ContactGrains(grains, storeId, prototype.GrainId.Type, prototype.InterfaceType);
        }

        public GrainId IdOf(string contactId) => GrainId.Create(grainType, ContactKeys.Format(storeId, contactId));

        public IContactGrain Get(string contactId) => (IContactGrain)grains.GetGrain(IdOf(contactId), interfaceType);
    }

    /// <summary>
    /// Directory entries of contacts the writers created straight in storage, by partition, until
    /// an index call takes them.
    /// </summary>
    private sealed class WrittenEntries
    {
        private readonly List<(int Line, ContactDirectoryEntry Entry)>?[] _byPartition = new List<(int, ContactDirectoryEntry)>?[ContactIndex.Partitions];

        public void Add(int line, ContactDirectoryEntry entry)
        {
            var partition = ContactIndex.PartitionOf(entry.ContactId);
            lock (_byPartition)
            {
                (_byPartition[partition] ??= []).Add((line, entry));
            }
        }

        public bool Any(int partition)
        {
            lock (_byPartition)
            {
                return _byPartition[partition] is { Count: > 0 };
            }
        }

        public (int[] Lines, ContactDirectoryEntry[] Entries) Take(int partition)
        {
            lock (_byPartition)
            {
                var taken = _byPartition[partition];
                _byPartition[partition] = null;
                return taken is null ? ([], []) : ([.. taken.Select(t => t.Line)], [.. taken.Select(t => t.Entry)]);
            }
        }
    }

    /// <param name="New">The contact index had never listed the id (see the class remarks).</param>
    private readonly record struct PendingWrite(int Line, string ContactId, ContactUpdate Update, bool New = false);

    /// <summary>Counts and the reported rejections, shared by the parser and the writers; and what hears of them as they go.</summary>
    private sealed class Tally(IProgress<ImportProgress>? progress, ReadCountingStream? counted)
    {
        private readonly List<ImportRejection> _rejected = [];
        private readonly Lock _reporting = new();
        private int _created;
        private int _updated;
        private int _rejectedCount;
        private int _linesRead;
        private ImportRejection? _stopped;

        /// <summary>The parser has read up to <paramref name="line"/>: reported when someone listens.</summary>
        public void Read(int line)
        {
            if (progress is null)
            {
                return;
            }

            Volatile.Write(ref _linesRead, line);
            Report();
        }

        /// <summary>Tells <c>progress</c> the figures as they are now, one report at a time (so each is at least the one before).</summary>
        public void Report()
        {
            if (progress is null)
            {
                return;
            }

            lock (_reporting)
            {
                int rejected;
                lock (_rejected)
                {
                    rejected = _rejectedCount;
                }

                progress.Report(new ImportProgress(counted?.BytesRead ?? 0, Volatile.Read(ref _linesRead),
                    Volatile.Read(ref _created), Volatile.Read(ref _updated), rejected));
            }
        }

        /// <summary>Reading stopped before the end: <paramref name="line"/> and those after it were not imported.</summary>
        public void Stop(int line, string error) => _stopped = new ImportRejection(line, error);

        public void Written(bool created) => Interlocked.Increment(ref created ? ref _created : ref _updated);

        /// <summary>Contacts created whose directory entries could not be stored: reported as lines to import again.</summary>
        public void NotListed(int[] lines)
        {
            foreach (var line in lines)
            {
                Interlocked.Decrement(ref _created);
                Reject(line, "saved, but not yet in the contact list (storage error): import this line again");
            }
        }

        public void Reject(int line, string error)
        {
            lock (_rejected)
            {
                _rejectedCount++;
                if (_rejected.Count < MaxReportedRejections)
                {
                    _rejected.Add(new ImportRejection(line, error));
                }
            }
        }

        public ImportResponse Response()
        {
            lock (_rejected)
            {
                var report = _rejected.OrderBy(r => r.Line).ToList();
                return new ImportResponse(_created, _updated, report, _rejectedCount, _rejectedCount > report.Count, _stopped);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import for store {StoreId}: contacts of index partition {Partition} could not be indexed; those rows are not written")]
    private static partial void LogIndexFailed(ILogger logger, Exception exception, string storeId, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import for store {StoreId}: line {Line} could not be written")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string storeId, int line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import for store {StoreId}: the file could not be read after line {Line}; the rows before it are written")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string storeId, int line);
}

/// <summary>
/// The import's answer. <see cref="Rejected"/> lists the first <see cref="ContactImporter.MaxReportedRejections"/>
/// bad lines by line number; <see cref="RejectedCount"/> counts them all. <see cref="Stopped"/> is
/// null when the whole file was read, else the first line not imported and why (reading failed
/// there: neither it nor any line after it was imported).
/// </summary>
public sealed record ImportResponse(int Created, int Updated, IReadOnlyList<ImportRejection> Rejected, int RejectedCount, bool RejectedTruncated,
    ImportRejection? Stopped = null);

public sealed record ImportRejection(int Line, string Error);

/// <summary>
/// How far an import is: <see cref="BytesRead"/> of the file and its lines up to
/// <see cref="LinesRead"/> (the header is line 1) read; of those, contacts created, updated and
/// lines rejected so far. Lines read and not yet in any count are on their way to storage.
/// </summary>
public sealed record ImportProgress(long BytesRead, int LinesRead, int Created, int Updated, int Rejected)
{
    /// <summary>The data lines read and done (created, updated or rejected).</summary>
    public int Done => Created + Updated + Rejected;
}
