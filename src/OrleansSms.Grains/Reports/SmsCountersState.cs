using OrleansSms.Abstractions.Reports;
using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Reports;

/// <summary>Persisted state of <see cref="SmsCountersGrain"/>: one day's cells and the marks of recent counts.</summary>
[GenerateSerializer, Alias("sms.SmsCountersState")]
public sealed class SmsCountersState
{
    /// <summary>One per hour, workflow (or none) and kind that has counted anything.</summary>
    [Id(0)] public List<SmsCountCell> Cells { get; set; } = [];

    /// <summary>The marks of counts not yet confirmed by their owners, with when each was counted (Unix seconds: a few bytes, as a day under load holds thousands).</summary>
    [Id(1)] public Dictionary<ulong, long> Marks { get; set; } = [];
}

/// <summary>The counts of one hour of the day for one workflow (or none) and kind (or none, for replies to no message).</summary>
/// <remarks>Plain members, changed in place: a day's counters add thousands of counts a second.</remarks>
[GenerateSerializer, Alias("sms.SmsCountCell")]
public sealed class SmsCountCell
{
    /// <summary>The UTC hour, 0–23.</summary>
    [Id(0)] public int Hour { get; set; }
    [Id(1)] public string? WorkflowId { get; set; }
    [Id(2)] public SmsKind? Kind { get; set; }
    [Id(3)] public long Sent { get; set; }
    [Id(4)] public long Delivered { get; set; }
    [Id(5)] public long Undelivered { get; set; }
    [Id(6)] public long Refused { get; set; }
    [Id(7)] public long Segments { get; set; }
    [Id(8)] public long OptOuts { get; set; }
    [Id(9)] public long Inbound { get; set; }

    /// <summary>Skipped sends by reason; a reason never met is absent.</summary>
    [Id(10)] public Dictionary<SkipReason, long> Skipped { get; set; } = [];

    public void Add(SmsCount count)
    {
        switch (count.What)
        {
            case SmsCountKind.Sent:
                Sent++;
                Segments += count.Segments;
                break;
            case SmsCountKind.Delivered:
                Delivered++;
                break;
            case SmsCountKind.Undelivered:
                Undelivered++;
                break;
            case SmsCountKind.Refused:
                Refused++;
                break;
            case SmsCountKind.Skipped:
                var reason = count.SkipReason ?? SkipReason.NoPhone;
                Skipped[reason] = Skipped.GetValueOrDefault(reason) + 1;
                break;
            case SmsCountKind.Inbound:
                Inbound++;
                OptOuts += count.OptOut ? 1 : 0;
                break;
        }
    }

    public SmsCounts ToCounts() => new()
    {
        Sent = Sent,
        Delivered = Delivered,
        Undelivered = Undelivered,
        Refused = Refused,
        Segments = Segments,
        OptOuts = OptOuts,
        Inbound = Inbound,
        Skipped = new Dictionary<SkipReason, long>(Skipped),
    };
}
