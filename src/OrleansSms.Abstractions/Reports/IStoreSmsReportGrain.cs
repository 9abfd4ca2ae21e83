using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Reports;

/// <summary>
/// A store's SMS report over a range (key: the store id): reads the counters of each day the
/// range covers, in parallel, and answers its buckets, empty ones included, and their totals.
/// Stateless: any silo answers from its own activation.
/// </summary>
public interface IStoreSmsReportGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<SmsReport> GetAsync(SmsReportQuery query);
}
