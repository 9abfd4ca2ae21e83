using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansSms.Domain.Reports;

/// <summary>A problem with a report's range, under the query parameter it concerns.</summary>
public sealed record ReportRangeProblem(string Field, string Message);

/// <summary>
/// The span a report answers: whole UTC buckets from <see cref="From"/> (inclusive) to
/// <see cref="To"/> (exclusive). Counts are kept per UTC hour, so a range given at finer
/// precision is widened to the buckets that hold its ends: the first bucket is the one
/// <c>from</c> falls in, the last the one holding the instant just before <c>to</c>.
/// </summary>
public sealed partial record ReportRange(DateTimeOffset From, DateTimeOffset To, ReportGranularity Granularity)
{
    /// <summary>The most days a report by day answers.</summary>
    public const int MaxDays = 400;

    /// <summary>The most days a report by hour answers (744 buckets).</summary>
    public const int MaxHourDays = 31;

    /// <summary>The span when <c>from</c> is not given: the 30 days before <c>to</c>.</summary>
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(30);

    /// <summary>The earliest instant a range may name.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The latest instant a range may name.</summary>
    public static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TimeSpan BucketLength => LengthOf(Granularity);

    public int BucketCount => (int)((To - From).Ticks / BucketLength.Ticks);

    /// <summary>Each bucket's start, oldest first, empty buckets included.</summary>
    public IEnumerable<DateTimeOffset> BucketStarts()
    {
        for (var start = From; start < To; start += BucketLength)
        {
            yield return start;
        }
    }

    /// <summary>The UTC days the range covers, oldest first (the days its counters are kept by).</summary>
    public IEnumerable<DateOnly> Days()
    {
        var last = DayOf(To.AddTicks(-1));
        for (var day = DayOf(From); day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>The UTC day <paramref name="at"/> falls in.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>The UTC hour of its day (0–23) <paramref name="at"/> falls in.</summary>
    public static int HourOf(DateTimeOffset at) => at.UtcDateTime.Hour;

    /// <summary>The start of the UTC bucket <paramref name="at"/> falls in.</summary>
    public static DateTimeOffset Floor(DateTimeOffset at, ReportGranularity granularity)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % LengthOf(granularity).Ticks, TimeSpan.Zero);
    }

    /// <summary>The end of the UTC bucket holding the instant just before <paramref name="at"/>: <paramref name="at"/> itself when it starts a bucket.</summary>
    public static DateTimeOffset Ceiling(DateTimeOffset at, ReportGranularity granularity)
    {
        var floor = Floor(at, granularity);
        return floor == at ? floor : floor + LengthOf(granularity);
    }

    /// <summary>The date (UTC) as a counters key writes it: <c>yyyy-MM-dd</c>.</summary>
    public static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static TimeSpan LengthOf(ReportGranularity granularity) => granularity switch
    {
        ReportGranularity.Day => TimeSpan.FromDays(1),
        ReportGranularity.Hour => TimeSpan.FromHours(1),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
    };

    /// <summary>The wire name of a granularity.</summary>
    public static string ToWire(ReportGranularity granularity) => granularity switch
    {
        ReportGranularity.Day => "day",
        ReportGranularity.Hour => "hour",
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
    };

    public static bool TryParseGranularity(string? text, out ReportGranularity granularity)
    {
        switch (text)
        {
            case "day":
                granularity = ReportGranularity.Day;
                return true;
            case "hour":
                granularity = ReportGranularity.Hour;
                return true;
            default:
                granularity = default;
                return false;
        }
    }

    /// <summary>
    /// An ISO 8601 instant: a date, <c>T</c>, a time to the minute at least (seconds and a
    /// fraction optional) and an offset, <c>Z</c> or <c>±hh:mm</c>. A space where the offset's
    /// <c>+</c> belongs is read as one: that is what an unescaped <c>+</c> in a query string becomes.
    /// </summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (text is null || text.Length > 40)
        {
            return false;
        }

        if (text.Length > 6 && text[^6] == ' ')
        {
            text = string.Concat(text.AsSpan(0, text.Length - 6), "+", text.AsSpan(text.Length - 5));
        }

        return Instant().IsMatch(text) &&
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    /// <summary>
    /// The range of a report: <paramref name="to"/> defaults to <paramref name="now"/>,
    /// <paramref name="from"/> to <see cref="DefaultSpan"/> before <c>to</c>; both widened to whole
    /// buckets, <c>from</c> before <c>to</c>, and at most <see cref="MaxDays"/> days by day or
    /// <see cref="MaxHourDays"/> by hour. A problem names the parameter the caller gave.
    /// </summary>
    public static ReportRange Create(DateTimeOffset? from, DateTimeOffset? to, ReportGranularity granularity, DateTimeOffset now, out ReportRangeProblem? problem)
    {
        problem = null;
        foreach (var (name, value) in new[] { ("from", from), ("to", to) })
        {
            if (value is { } given && (given < Earliest || given > Latest))
            {
                problem = new(name, $"{Show(given)} is out of range: a report covers instants from {Show(Earliest)} to {Show(Latest)}.");
                return Empty(granularity);
            }
        }

        var end = to ?? now;
        var start = from ?? end - DefaultSpan;
        var blamed = from is not null ? "from" : "to";
        if (start >= end)
        {
            // Only a given from can be: the default one is before to.
            problem = new("from", $"{Show(start)} is not before to ({Show(end)}{(to is null ? ", now" : "")}): the range is empty.");
            return Empty(granularity);
        }

        var range = new ReportRange(Floor(start, granularity), Ceiling(end, granularity), granularity);
        var maxDays = granularity == ReportGranularity.Day ? MaxDays : MaxHourDays;
        if (range.To - range.From > TimeSpan.FromDays(maxDays))
        {
            var days = (range.To - range.From).TotalDays;
            problem = new(blamed,
                $"{Show(blamed == "from" ? start : end)} makes a range of {days.ToString("0.##", CultureInfo.InvariantCulture)} days " +
                $"({Show(range.From)} to {Show(range.To)}); granularity {ToWire(granularity)} answers at most {maxDays} days " +
                $"(day: {MaxDays}, hour: {MaxHourDays}).");
            return Empty(granularity);
        }

        return range;
    }

    /// <summary>An instant as the errors and answers write it: UTC, ISO 8601, to the second (or finer when it has a fraction).</summary>
    public static string Show(DateTimeOffset at) =>
        at.ToUniversalTime().ToString(at.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static ReportRange Empty(ReportGranularity granularity) => new(Earliest, Earliest, granularity);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Instant();
}
