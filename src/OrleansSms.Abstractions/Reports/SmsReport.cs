using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Reports;

/// <summary>What a report is asked for: whole UTC buckets from <see cref="From"/> to <see cref="To"/> (see <see cref="ReportRange"/>), optionally one workflow's or one kind's.</summary>
[GenerateSerializer, Immutable, Alias("sms.SmsReportQuery")]
public sealed record SmsReportQuery
{
    [Id(0)] public DateTimeOffset From { get; init; }
    [Id(1)] public DateTimeOffset To { get; init; }
    [Id(2)] public ReportGranularity Granularity { get; init; }
    [Id(3)] public string? WorkflowId { get; init; }
    [Id(4)] public SmsKind? Kind { get; init; }

    public ReportRange Range => new(From, To, Granularity);
}

/// <summary>One bucket of a report: the UTC instant it starts at and its counts.</summary>
[GenerateSerializer, Immutable, Alias("sms.SmsReportBucket")]
public sealed record SmsReportBucket([property: Id(0)] DateTimeOffset Start, [property: Id(1)] SmsCounts Counts);

/// <summary>A store's SMS report: every bucket of the range, oldest first, and their sum.</summary>
[GenerateSerializer, Immutable, Alias("sms.SmsReport")]
public sealed record SmsReport
{
    [Id(0)] public required SmsReportQuery Query { get; init; }
    [Id(1)] public required SmsReportBucket[] Buckets { get; init; }
    [Id(2)] public required SmsCounts Totals { get; init; }
}
