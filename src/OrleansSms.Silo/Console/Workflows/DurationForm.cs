using System.Globalization;
using OrleansSms.Domain.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>The units a duration is typed in.</summary>
public enum DurationUnit
{
    Seconds = 0,
    Minutes = 1,
    Hours = 2,
    Days = 3,
}

/// <summary>
/// A duration as a marketer types it, an amount and a unit (<c>1</c> <c>Hours</c>), and its
/// ISO 8601 text for the definition (<c>PT1H</c>). What the amount holds is not checked here:
/// the definition's parser refuses a bad duration by its path, in the API's words.
/// </summary>
public sealed class DurationForm
{
    public decimal? Amount { get; set; } = 1;

    public DurationUnit Unit { get; set; } = DurationUnit.Hours;

    public DurationForm()
    {
    }

    public DurationForm(decimal? amount, DurationUnit unit)
    {
        Amount = amount;
        Unit = unit;
    }

    /// <summary>The ISO 8601 text: <c>PT90S</c>, <c>PT30M</c>, <c>PT1H</c>, <c>P1D</c>; no amount gives <c>""</c>.</summary>
    public string ToIso()
    {
        if (Amount is not { } amount)
        {
            return "";
        }

        var number = amount.ToString("0.############", CultureInfo.InvariantCulture);
        return Unit switch
        {
            DurationUnit.Days => $"P{number}D",
            DurationUnit.Hours => $"PT{number}H",
            DurationUnit.Minutes => $"PT{number}M",
            _ => $"PT{number}S",
        };
    }

    /// <summary>
    /// An ISO 8601 duration in the largest unit it is a whole number of (<c>P2W</c> is 14 days,
    /// <c>PT90M</c> 90 minutes, <c>PT1.5S</c> 1.5 seconds). Text that is no duration gives no amount.
    /// </summary>
    public static DurationForm FromIso(string? text)
    {
        if (!WorkflowDurations.TryParse(text, out var duration, out _))
        {
            return new DurationForm(null, DurationUnit.Hours);
        }

        foreach (var (unit, size) in new[] { (DurationUnit.Days, TimeSpan.FromDays(1)), (DurationUnit.Hours, TimeSpan.FromHours(1)), (DurationUnit.Minutes, TimeSpan.FromMinutes(1)) })
        {
            if (duration.Ticks % size.Ticks == 0)
            {
                return new DurationForm(duration.Ticks / size.Ticks, unit);
            }
        }

        return new DurationForm((decimal)duration.Ticks / TimeSpan.TicksPerSecond, DurationUnit.Seconds);
    }

    /// <summary>"1 hour", "90 minutes": what a diagram or a summary shows.</summary>
    public string Describe()
    {
        if (Amount is not { } amount)
        {
            return "no duration";
        }

        var number = amount.ToString("0.############", CultureInfo.InvariantCulture);
        var unit = Unit.ToString().ToLowerInvariant();
        return amount == 1 ? $"{number} {unit[..^1]}" : $"{number} {unit}";
    }
}
