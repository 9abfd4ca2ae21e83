using OrleansSms.Abstractions.Reports;
using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Silo.Reports;

/// <summary>A store's SMS report: its range (widened to whole UTC buckets), every bucket oldest first, and their totals.</summary>
public sealed record SmsReportAnswer(DateTimeOffset From, DateTimeOffset To, string Granularity, SmsBucketAnswer[] Buckets, SmsCountsAnswer Totals)
{
    public static SmsReportAnswer Of(SmsReport report) => new(
        report.Query.From,
        report.Query.To,
        ReportRange.ToWire(report.Query.Granularity),
        [.. report.Buckets.Select(b => SmsBucketAnswer.From(b.Start, b.Counts))],
        SmsCountsAnswer.From(report.Totals));
}

/// <summary>One bucket: the UTC instant it starts at and its counts.</summary>
public sealed record SmsBucketAnswer(
    DateTimeOffset Start, long Sent, long Delivered, long Undelivered, long Refused, Dictionary<string, long> Skipped, long Segments, long OptOuts, long Inbound)
{
    public static SmsBucketAnswer From(DateTimeOffset start, SmsCounts counts)
    {
        var c = SmsCountsAnswer.From(counts);
        return new(start, c.Sent, c.Delivered, c.Undelivered, c.Refused, c.Skipped, c.Segments, c.OptOuts, c.Inbound);
    }
}

/// <summary>
/// Counts: <c>sent</c> (Instasent took the message), <c>delivered</c>, <c>undelivered</c>
/// (taken, then reported undelivered), <c>refused</c> (Instasent's send call refused it, or it was
/// withdrawn), <c>skipped</c> by every reason (0 when none), <c>segments</c> of the sent messages,
/// <c>optOuts</c> and <c>inbound</c> replies.
/// </summary>
public sealed record SmsCountsAnswer(long Sent, long Delivered, long Undelivered, long Refused, Dictionary<string, long> Skipped, long Segments, long OptOuts, long Inbound)
{
    public static SmsCountsAnswer From(SmsCounts counts)
    {
        // Every reason, so that a chart's series are the same in every bucket.
        var skipped = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var reason in Enum.GetValues<SkipReason>())
        {
            skipped[SendRule.ToWire(reason)] = counts.Skipped.GetValueOrDefault(reason);
        }

        return new(counts.Sent, counts.Delivered, counts.Undelivered, counts.Refused, skipped, counts.Segments, counts.OptOuts, counts.Inbound);
    }
}
