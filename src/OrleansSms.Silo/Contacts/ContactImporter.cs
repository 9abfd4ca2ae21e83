using System.Collections.Concurrent;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Stores;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Import;

namespace OrleansSms.Silo.Contacts;

/// <summary>
/// Streams a CSV into contact grains: the parser reads as the request arrives and a bounded
/// number of grain writes are in flight, so memory stays flat whatever the file's size.
/// </summary>
public sealed partial class ContactImporter(IGrainFactory grains, ILogger<ContactImporter> logger)
{
    /// <summary>Enough writes in flight to keep storage busy without flooding the silo's queues.</summary>
    public const int Parallelism = 64;

    /// <summary>A file of nothing but bad lines must not turn into an unbounded answer.</summary>
    public const int MaxReportedRejections = 1000;

    public async Task<ImportResponse> ImportAsync(string storeId, Stream csv, CancellationToken cancellationToken)
    {
        var channel = await grains.GetGrain<IStoreChannelGrain>(storeId).GetAsync();
        var defaultSubscription = channel?.DefaultSubscriptionStatus ?? SubscriptionStatus.None;
        int created = 0, updated = 0, rejectedCount = 0;
        var rejected = new ConcurrentBag<ImportRejection>();

        void Reject(int line, string error)
        {
            if (Interlocked.Increment(ref rejectedCount) <= MaxReportedRejections)
            {
                rejected.Add(new ImportRejection(line, error));
            }
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ContactCsvReader.ReadAsync(csv, channel?.DefaultCountry, cancellationToken), options, async (line, _) =>
        {
            if (line.Patch is null)
            {
                Reject(line.Line, line.Error ?? "invalid line");
                return;
            }

            try
            {
                var result = await grains.GetContact(storeId, line.ContactId!).UpdateAsync(ContactUpdate.From(line.Patch, defaultSubscription));
                Interlocked.Increment(ref result.Created ? ref created : ref updated);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWriteFailed(logger, e, storeId, line.Line);
                Reject(line.Line, "not saved (storage error): import this line again");
            }
        });

        var report = rejected.OrderBy(r => r.Line).Take(MaxReportedRejections).ToList();
        return new ImportResponse(created, updated, report, rejectedCount, rejectedCount > report.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import for store {StoreId}: line {Line} could not be written")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string storeId, int line);
}

/// <summary>
/// The import's answer. <see cref="Rejected"/> lists the first <see cref="ContactImporter.MaxReportedRejections"/>
/// bad lines by line number; <see cref="RejectedCount"/> counts them all.
/// </summary>
public sealed record ImportResponse(int Created, int Updated, IReadOnlyList<ImportRejection> Rejected, int RejectedCount, bool RejectedTruncated);

public sealed record ImportRejection(int Line, string Error);
