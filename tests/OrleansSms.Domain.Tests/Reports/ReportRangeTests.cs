using OrleansSms.Domain.Reports;

namespace OrleansSms.Domain.Tests.Reports;

public class ReportRangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 42, 17, TimeSpan.Zero);

    private static DateTimeOffset Utc(int y, int m, int d, int h = 0, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    private static ReportRange Valid(DateTimeOffset? from, DateTimeOffset? to, ReportGranularity granularity)
    {
        var range = ReportRange.Create(from, to, granularity, Now, out var problem);
        Assert.Null(problem);
        return range;
    }

    private static ReportRangeProblem Invalid(DateTimeOffset? from, DateTimeOffset? to, ReportGranularity granularity)
    {
        ReportRange.Create(from, to, granularity, Now, out var problem);
        return Assert.IsType<ReportRangeProblem>(problem);
    }

    [Fact]
    public void Bucket_starts_are_utc_whatever_the_offset_of_the_instant()
    {
        // 01:30 at +02:00 is 23:30 UTC the day before.
        var madrid = new DateTimeOffset(2026, 6, 2, 1, 30, 0, TimeSpan.FromHours(2));

        Assert.Equal(Utc(2026, 6, 1), ReportRange.Floor(madrid, ReportGranularity.Day));
        Assert.Equal(Utc(2026, 6, 1, 23), ReportRange.Floor(madrid, ReportGranularity.Hour));
        Assert.Equal(TimeSpan.Zero, ReportRange.Floor(madrid, ReportGranularity.Hour).Offset);
        Assert.Equal(new DateOnly(2026, 6, 1), ReportRange.DayOf(madrid));
        Assert.Equal(23, ReportRange.HourOf(madrid));
    }

    [Fact]
    public void A_range_is_widened_to_the_whole_buckets_that_hold_its_ends()
    {
        var byHour = Valid(Utc(2026, 3, 1, 10, 30), Utc(2026, 3, 1, 12, 15), ReportGranularity.Hour);
        Assert.Equal(Utc(2026, 3, 1, 10), byHour.From);
        Assert.Equal(Utc(2026, 3, 1, 13), byHour.To);
        Assert.Equal([Utc(2026, 3, 1, 10), Utc(2026, 3, 1, 11), Utc(2026, 3, 1, 12)], byHour.BucketStarts());

        // to is exclusive: an end on a bucket's start does not take that bucket.
        var aligned = Valid(Utc(2026, 3, 1), Utc(2026, 3, 3), ReportGranularity.Day);
        Assert.Equal([Utc(2026, 3, 1), Utc(2026, 3, 2)], aligned.BucketStarts());
        Assert.Equal(2, aligned.BucketCount);
        Assert.Equal([new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2)], aligned.Days());
    }

    [Fact]
    public void The_default_range_is_the_thirty_days_before_now_by_day()
    {
        var range = Valid(null, null, ReportGranularity.Day);

        Assert.Equal(Utc(2026, 10, 26), range.From);
        Assert.Equal(Utc(2026, 11, 26), range.To);
        Assert.Equal(31, range.BucketCount);
        Assert.Equal(Utc(2026, 11, 25), range.BucketStarts().Last());
    }

    [Fact]
    public void A_default_from_is_thirty_days_before_the_given_to()
    {
        var range = Valid(null, Utc(2026, 2, 1), ReportGranularity.Hour);

        Assert.Equal(Utc(2026, 1, 2), range.From);
        Assert.Equal(30 * 24, range.BucketCount);
    }

    [Fact]
    public void An_hour_range_reads_the_counters_of_every_day_it_touches()
    {
        var range = Valid(Utc(2026, 12, 31, 22), Utc(2027, 1, 1, 2), ReportGranularity.Hour);

        Assert.Equal([new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 1)], range.Days());
        Assert.Equal(4, range.BucketCount);
    }

    [Fact]
    public void The_longest_ranges_are_400_days_by_day_and_31_by_hour()
    {
        Assert.Equal(400, Valid(Utc(2025, 1, 1), Utc(2025, 1, 1).AddDays(400), ReportGranularity.Day).BucketCount);
        Assert.Equal(744, Valid(Utc(2026, 1, 1), Utc(2026, 2, 1), ReportGranularity.Hour).BucketCount);

        var day = Invalid(Utc(2025, 1, 1), Utc(2025, 1, 1).AddDays(400).AddHours(1), ReportGranularity.Day);
        Assert.Equal("from", day.Field);
        Assert.Contains("at most 400 days", day.Message);

        var hour = Invalid(Utc(2026, 1, 1), Utc(2026, 2, 1, 0, 1), ReportGranularity.Hour);
        Assert.Equal("from", hour.Field);
        Assert.Contains("at most 31 days", hour.Message);

        // Only to given, far off: the default from is 30 days before it, which fits.
        Assert.Equal(30, Valid(null, Utc(2030, 1, 1), ReportGranularity.Day).BucketCount);
    }

    [Fact]
    public void A_from_that_is_not_before_to_names_from()
    {
        Assert.Equal("from", Invalid(Utc(2026, 3, 2), Utc(2026, 3, 1), ReportGranularity.Day).Field);
        Assert.Equal("from", Invalid(Utc(2026, 3, 1), Utc(2026, 3, 1), ReportGranularity.Hour).Field);

        // Given alone, in the future: to is now.
        var future = Invalid(Now.AddHours(1), null, ReportGranularity.Hour);
        Assert.Equal("from", future.Field);
        Assert.Contains("now", future.Message);
    }

    [Fact]
    public void Instants_out_of_the_years_a_report_covers_name_their_parameter()
    {
        Assert.Equal("from", Invalid(Utc(1999, 12, 31), Utc(2000, 1, 2), ReportGranularity.Day).Field);
        Assert.Equal("to", Invalid(null, new DateTimeOffset(9999, 6, 1, 0, 0, 0, TimeSpan.Zero), ReportGranularity.Day).Field);
    }

    [Theory]
    [InlineData("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z")]
    [InlineData("2026-11-01T10:30Z", "2026-11-01T10:30:00Z")]
    [InlineData("2026-11-01T10:30:15.250Z", "2026-11-01T10:30:15.25Z")]
    [InlineData("2026-11-01T01:00:00+02:00", "2026-10-31T23:00:00Z")]
    [InlineData("2026-11-01T01:00:00 02:00", "2026-10-31T23:00:00Z")]
    [InlineData("2026-11-01T01:00:00-05:30", "2026-11-01T06:30:00Z")]
    public void An_instant_is_iso_8601_with_its_offset(string text, string utc)
    {
        Assert.True(ReportRange.TryParseInstant(text, out var instant));
        Assert.Equal(utc, ReportRange.Show(instant));
    }

    [Theory]
    [InlineData("2026-11-01")]
    [InlineData("2026-11-01T00:00:00")]
    [InlineData("2026-11-01 00:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("1764000000")]
    [InlineData("")]
    [InlineData("2026-11-01T00:00:00+0200")]
    public void Anything_else_is_not_an_instant(string text) =>
        Assert.False(ReportRange.TryParseInstant(text, out _));

    [Fact]
    public void Granularity_is_day_or_hour()
    {
        Assert.True(ReportRange.TryParseGranularity("hour", out var hour));
        Assert.Equal(ReportGranularity.Hour, hour);
        Assert.True(ReportRange.TryParseGranularity("day", out var day));
        Assert.Equal(ReportGranularity.Day, day);
        Assert.False(ReportRange.TryParseGranularity("week", out _));
        Assert.False(ReportRange.TryParseGranularity("Day", out _));
        Assert.Equal("hour", ReportRange.ToWire(ReportGranularity.Hour));
    }

    [Fact]
    public void Ceiling_of_a_bucket_start_is_itself()
    {
        Assert.Equal(Utc(2026, 3, 1, 10), ReportRange.Ceiling(Utc(2026, 3, 1, 10), ReportGranularity.Hour));
        Assert.Equal(Utc(2026, 3, 1, 11), ReportRange.Ceiling(Utc(2026, 3, 1, 10).AddTicks(1), ReportGranularity.Hour));
        Assert.Equal(Utc(2026, 3, 2), ReportRange.Ceiling(Utc(2026, 3, 1, 0, 1), ReportGranularity.Day));
    }
}
