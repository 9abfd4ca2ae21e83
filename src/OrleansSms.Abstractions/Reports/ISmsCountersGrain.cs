using Orleans.Concurrency;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Reports;

/// <summary>
/// The SMS counts of one store for one UTC day (key <c>{storeId}/{yyyy-MM-dd}</c>, see
/// <see cref="SmsCountersKeys"/>): per hour, per workflow (or none) and kind, what was sent,
/// delivered, undelivered, refused, skipped by reason, the segments, replies and opt-outs.
/// Contacts tell it as their messages move; it never scans anything.
/// </summary>
public interface ISmsCountersGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds <paramref name="counts"/> and answers once they are durable (the writes of
    /// concurrent callers are shared). A count whose mark it holds already adds nothing: a repeat
    /// after a crash or a retried call counts once. Marks are kept until their owner says it has
    /// recorded the count (<see cref="ForgetAsync"/>), or for <c>Reports:DedupeWindow</c>.
    /// </summary>
    Task CountAsync(SmsCount[] counts);

    /// <summary>The owners of <paramref name="marks"/> have durably recorded them as counted: a repeat can no longer come, so the marks may go.</summary>
    [OneWay]
    Task ForgetAsync(ulong[] marks);

    /// <summary>
    /// The day's 24 hours (index 0 is 00:00 UTC), summed over the workflows and kinds that match:
    /// <paramref name="workflowId"/> null for any, <paramref name="kind"/> null for any.
    /// </summary>
    [ReadOnly]
    Task<SmsCounts[]> GetHoursAsync(string? workflowId, SmsKind? kind);
}
