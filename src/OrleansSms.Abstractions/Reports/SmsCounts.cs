using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Reports;

/// <summary>What a report shows for one bucket, or for all of them: sums of <see cref="SmsCount"/>s.</summary>
/// <remarks>Immutable: <see cref="Add(SmsCounts)"/> returns new counts.</remarks>
[GenerateSerializer, Immutable, Alias("sms.SmsCounts")]
public sealed record SmsCounts
{
    /// <summary>Messages Instasent took.</summary>
    [Id(0)] public long Sent { get; init; }
    [Id(1)] public long Delivered { get; init; }

    /// <summary>Messages Instasent took and reported undelivered (a hard or soft bounce).</summary>
    [Id(2)] public long Undelivered { get; init; }

    /// <summary>Messages Instasent's send call refused for good, or withdrawn before they went.</summary>
    [Id(3)] public long Refused { get; init; }

    /// <summary>The segments of the messages counted in <see cref="Sent"/>.</summary>
    [Id(4)] public long Segments { get; init; }

    /// <summary>Replies that opted their contact out.</summary>
    [Id(5)] public long OptOuts { get; init; }

    /// <summary>Replies from contacts' phones (texts and stops).</summary>
    [Id(6)] public long Inbound { get; init; }

    /// <summary>Sends the send rule or the segment limit stopped, by reason; a reason never met is absent.</summary>
    [Id(7)] public IReadOnlyDictionary<SkipReason, long> Skipped { get; init; } = new Dictionary<SkipReason, long>();

    public static SmsCounts Zero { get; } = new();

    public bool IsZero => Sent == 0 && Delivered == 0 && Undelivered == 0 && Refused == 0 && Segments == 0 && OptOuts == 0 && Inbound == 0 && Skipped.Count == 0;

    public SmsCounts Add(SmsCounts other)
    {
        if (other.IsZero)
        {
            return this;
        }

        var skipped = Skipped;
        foreach (var (reason, n) in other.Skipped)
        {
            skipped = Plus(skipped, reason, n);
        }

        return new()
        {
            Sent = Sent + other.Sent,
            Delivered = Delivered + other.Delivered,
            Undelivered = Undelivered + other.Undelivered,
            Refused = Refused + other.Refused,
            Segments = Segments + other.Segments,
            OptOuts = OptOuts + other.OptOuts,
            Inbound = Inbound + other.Inbound,
            Skipped = skipped,
        };
    }

    private static Dictionary<SkipReason, long> Plus(IReadOnlyDictionary<SkipReason, long> skipped, SkipReason reason, long n)
    {
        var copy = new Dictionary<SkipReason, long>(skipped);
        copy[reason] = copy.GetValueOrDefault(reason) + n;
        return copy;
    }
}
