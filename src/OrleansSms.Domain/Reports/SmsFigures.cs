using System.Globalization;

namespace OrleansSms.Domain.Reports;

/// <summary>
/// What a store's dashboard shows of a span (a day, or the whole range): messages sent (Instasent
/// took them), delivered, undelivered, opt-outs, replies received and the segments sent, with
/// the delivery rate worked out from them.
/// </summary>
public sealed record SmsFigures(long Sent, long Delivered, long Undelivered, long OptOuts, long Inbound, long Segments)
{
    public static SmsFigures Zero { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>The share of the sent messages reported delivered, 0–1; null when nothing was sent.</summary>
    public double? DeliveryRate => Sent == 0 ? null : Math.Min(1.0, (double)Delivered / Sent);

    /// <summary>Sent messages with no final report yet (neither delivered nor undelivered).</summary>
    public long AwaitingReport => Math.Max(0, Sent - Delivered - Undelivered);

    public SmsFigures Add(SmsFigures other) => new(
        Sent + other.Sent,
        Delivered + other.Delivered,
        Undelivered + other.Undelivered,
        OptOuts + other.OptOuts,
        Inbound + other.Inbound,
        Segments + other.Segments);

    /// <summary>The figures of several spans together (a range's days).</summary>
    public static SmsFigures Sum(IEnumerable<SmsFigures> spans)
    {
        var sum = Zero;
        foreach (var span in spans)
        {
            sum = sum.Add(span);
        }

        return sum;
    }

    /// <summary>A rate as the console writes it, one decimal: "97.5 %"; "—" when there is none.</summary>
    public static string FormatRate(double? rate) =>
        rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";
}
