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

    public async Task<ImportResponse> ImportAsync(string storeId, Stream csv, CancellationToken cancellationToken)
    {
        var channel = await grains.GetGrain<IStoreChannelGrain>(storeId).GetAsync();
        var defaultSubscription = channel?.DefaultSubscriptionStatus ?? SubscriptionStatus.None;
        var tally = new Tally();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rows = System.Threading.Channels.Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(Buffered)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        var contacts = ContactGrains.For(grains, storeId);
        var parsing = ParseAsync(storeId, csv, channel?.DefaultCountry, defaultSubscription, rows.Writer, tally, stop.Token, cancellationToken);
        var writers = new Task[Parallelism];
        for (var i = 0; i < writers.Length; i++)
        {
            writers[i] = WriteAsync(storeId, contacts, rows.Reader, tally, stop.Token);
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
        ChannelWriter<PendingWrite> rows, Tally tally, CancellationToken cancellationToken, CancellationToken requestAborted)
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
                        await ReleaseAsync(storeId, batch, rows, tally, cancellationToken).ConfigureAwait(false);
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

            await ReleaseAsync(storeId, batch, rows, tally, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Writers drain what is buffered and stop; the parser's exception (if any) is awaited by the caller.
            rows.TryComplete();
        }
    }

    /// <summary>Indexes the batch's ids together, then hands its rows to the writers.</summary>
    private async Task ReleaseAsync(string storeId, List<PendingWrite> batch, ChannelWriter<PendingWrite> rows, Tally tally, CancellationToken cancellationToken)
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
        var partitions = Enumerable.Range(0, byPartition.Length).Where(p => byPartition[p] is not null);
        // No more index writes in flight than contact writes: on SQLite each holds a thread while it waits.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(IndexParallelism, Parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(partitions, parallel, async (partition, _) =>
        {
            var members = byPartition[partition]!;
            var ids = new string[members.Count];
            for (var k = 0; k < ids.Length; k++)
            {
                ids[k] = batch[members[k]].ContactId;
            }

            try
            {
                var addedNow = await grains.GetContactIndex(storeId, partition).AddManyAsync(ids).ConfigureAwait(false);
                for (var k = 0; k < members.Count; k++)
                {
                    indexed[members[k]] = true;
                    added[members[k]] = addedNow[k];
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogIndexFailed(logger, e, storeId, partition);
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

    private async Task WriteAsync(string storeId, ContactGrains contacts, ChannelReader<PendingWrite> rows, Tally tally, CancellationToken cancellationToken)
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
                    await Task.Yield();
                }

                try
                {
                    if (row.New && await newContacts.TryCreateAsync(contacts.IdOf(row.ContactId), row.Update).ConfigureAwait(false))
                    {
                        tally.Written(created: true);
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

    /// <param name="New">The contact index had never listed the id (see the class remarks).</param>
    private readonly record struct PendingWrite(int Line, string ContactId, ContactUpdate Update, bool New = false);

    /// <summary>Counts and the reported rejections, shared by the parser and the writers.</summary>
    private sealed class Tally
    {
        private readonly List<ImportRejection> _rejected = [];
        private int _created;
        private int _updated;
        private int _rejectedCount;
        private ImportRejection? _stopped;

        /// <summary>Reading stopped before the end: <paramref name="line"/> and those after it were not imported.</summary>
        public void Stop(int line, string error) => _stopped = new ImportRejection(line, error);

        public void Written(bool created) => Interlocked.Increment(ref created ? ref _created : ref _updated);

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
