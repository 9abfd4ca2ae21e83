using OrleansSms.Domain.Reports;
using OrleansSms.Silo.Reports;

namespace OrleansSms.Silo.Console;

/// <summary>One day of the dashboard: the UTC day it starts at and its figures.</summary>
public sealed record DashboardDay(DateTimeOffset Start, SmsFigures Figures);

/// <summary>
/// The store's dashboard: the figures of each day of a report (the answer of
/// <c>GET …/reports/sms</c>, by day) and of the whole range, summed from the days.
/// </summary>
public sealed record DashboardFigures(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DashboardDay> Days, SmsFigures Totals)
{
    public static DashboardFigures Of(SmsReportAnswer report)
    {
        DashboardDay[] days = [.. report.Buckets.Select(b => new DashboardDay(b.Start, Of(b)))];
        return new(report.From, report.To, days, SmsFigures.Sum(days.Select(d => d.Figures)));
    }

    public static SmsFigures Of(SmsBucketAnswer bucket) =>
        new(bucket.Sent, bucket.Delivered, bucket.Undelivered, bucket.OptOuts, bucket.Inbound, bucket.Segments);

    public static SmsFigures Of(SmsCountsAnswer counts) =>
        new(counts.Sent, counts.Delivered, counts.Undelivered, counts.OptOuts, counts.Inbound, counts.Segments);
}
