using OrleansSms.Abstractions.Reports;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Reports;

/// <summary>Persisted state of <see cref="SmsCountersGrain"/>: one day's cells and the marks of recent counts.</summary>
[GenerateSerializer, Alias("sms.SmsCountersState")]
public sealed class SmsCountersState
{
    /// <summary>One per hour, workflow (or none) and kind that has counted anything.</summary>
    [Id(0)] public List<SmsCountCell> Cells { get; set; } = [];

    /// <summary>The marks of counts not yet confirmed by their owners, with when each was counted.</summary>
    [Id(1)] public Dictionary<ulong, DateTimeOffset> Marks { get; set; } = [];
}

/// <summary>The counts of one hour of the day for one workflow (or none) and kind (or none, for replies to no message).</summary>
[GenerateSerializer, Alias("sms.SmsCountCell")]
public sealed class SmsCountCell
{
    /// <summary>The UTC hour, 0–23.</summary>
    [Id(0)] public int Hour { get; set; }
    [Id(1)] public string? WorkflowId { get; set; }
    [Id(2)] public SmsKind? Kind { get; set; }
    [Id(3)] public SmsCounts Counts { get; set; } = SmsCounts.Zero;
}
