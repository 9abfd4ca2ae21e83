using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Reports;

/// <summary>
/// One thing a store's SMS report counts, as its owner (a contact) tells the counters of the
/// day <see cref="At"/> falls in. <see cref="Mark"/> identifies it (see <see cref="SmsCounting"/>):
/// told twice, it counts once.
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.SmsCount")]
public sealed record SmsCount
{
    [Id(0)] public ulong Mark { get; init; }

    /// <summary>The instant whose UTC hour it counts in: a message's steps count at the time it was recorded, a skip at its send's attempt, a reply at its receipt.</summary>
    [Id(1)] public DateTimeOffset At { get; init; }
    [Id(2)] public SmsCountKind What { get; init; }

    /// <summary>The workflow that sent the message (or whose send was skipped, or whose message a reply answers); null for none.</summary>
    [Id(3)] public string? WorkflowId { get; init; }

    /// <summary>The message's kind; null for a reply to no message of ours.</summary>
    [Id(4)] public SmsKind? Kind { get; init; }

    /// <summary>The message's segments, counted with <see cref="SmsCountKind.Sent"/>.</summary>
    [Id(5)] public int Segments { get; init; }

    /// <summary>Why a send was skipped (<see cref="SmsCountKind.Skipped"/> only).</summary>
    [Id(6)] public SkipReason? SkipReason { get; init; }

    /// <summary>The reply opted the contact out (<see cref="SmsCountKind.Inbound"/> only).</summary>
    [Id(7)] public bool OptOut { get; init; }
}
