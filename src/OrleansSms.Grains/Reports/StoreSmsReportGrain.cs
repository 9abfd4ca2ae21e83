using Orleans.Concurrency;
using OrleansSms.Abstractions.Reports;
using OrleansSms.Domain.Reports;

namespace OrleansSms.Grains.Reports;

/// <inheritdoc cref="IStoreSmsReportGrain"/>
[StatelessWorker]
internal sealed class StoreSmsReportGrain : Grain, IStoreSmsReportGrain
{
    public async Task<SmsReport> GetAsync(SmsReportQuery query)
    {
        var storeId = this.GetPrimaryKeyString();
        var range = query.Range;
        var days = range.Days().ToArray();
        var hours = await Task.WhenAll(days.Select(day => GrainFactory.GetSmsCounters(storeId, day).GetHoursAsync(query.WorkflowId, query.Kind)));
        var byDay = new Dictionary<DateOnly, SmsCounts[]>(days.Length);
        for (var i = 0; i < days.Length; i++)
        {
            byDay[days[i]] = hours[i];
        }

        var buckets = new List<SmsReportBucket>(range.BucketCount);
        var totals = SmsCounts.Zero;
        foreach (var start in range.BucketStarts())
        {
            var day = byDay[ReportRange.DayOf(start)];
            var counts = range.Granularity == ReportGranularity.Day
                ? day.Aggregate(SmsCounts.Zero, (sum, hour) => sum.Add(hour))
                : day[ReportRange.HourOf(start)];
            buckets.Add(new SmsReportBucket(start, counts));
            totals = totals.Add(counts);
        }

        return new SmsReport { Query = query, Buckets = [.. buckets], Totals = totals };
    }
}
