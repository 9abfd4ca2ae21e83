using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansSms.Abstractions.Reports;
using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;
using OrleansSms.Grains;
using OrleansSms.Grains.Reports;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Reports;

/// <summary>A store's counters of one day, driven directly on a test cluster with a fake clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SmsCountersGrainTests(ClusterFixture cluster)
{
    private static readonly DateOnly Day = new(2026, 11, 25);

    private IServiceProvider Services => ((InProcessSiloHandle)cluster.Cluster.Primary!).SiloHost.Services;

    private static DateTimeOffset At(int hour, int minute = 0) => new(2026, 11, 25, hour, minute, 0, TimeSpan.Zero);

    private static SmsCount Count(ulong mark, DateTimeOffset at, SmsCountKind what, string? workflowId = "wf", SmsKind? kind = SmsKind.Newsletter, int segments = 0, SkipReason? reason = null) =>
        new() { Mark = mark, At = at, What = what, WorkflowId = workflowId, Kind = kind, Segments = segments, SkipReason = reason };

    private async Task<Dictionary<ulong, long>> StoredMarksAsync(ISmsCountersGrain grain)
    {
        var state = new GrainState<SmsCountersState>(new SmsCountersState());
        await Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms).ReadStateAsync("smsCounters", grain.GetGrainId(), state);
        return state.State?.Marks ?? [];
    }

    [Fact]
    public async Task A_count_told_again_counts_once_and_each_lands_in_its_hour_workflow_and_kind()
    {
        var grain = cluster.Grains.GetSmsCounters(Ids.Store(), Day);
        SmsCount[] counts =
        [
            Count(1, At(10, 15), SmsCountKind.Sent, segments: 2),
            Count(2, At(10, 59), SmsCountKind.Delivered),
            Count(3, At(23), SmsCountKind.Skipped, workflowId: null, kind: SmsKind.Transactional, reason: SkipReason.Bounced),
        ];

        await grain.CountAsync(counts);
        await grain.CountAsync(counts[..2]);
        await Task.WhenAll(grain.CountAsync([counts[2]]), grain.CountAsync([counts[2]]), grain.CountAsync([counts[0]]));

        var hours = await grain.GetHoursAsync(null, null);
        Assert.Equal(24, hours.Length);
        Assert.Equal((1, 2, 1), (hours[10].Sent, hours[10].Segments, hours[10].Delivered));
        Assert.Equal(1, hours[23].Skipped[SkipReason.Bounced]);
        Assert.All(hours.Where((_, h) => h is not (10 or 23)), h => Assert.True(h.IsZero));

        Assert.True((await grain.GetHoursAsync("wf", null))[23].IsZero);
        Assert.Equal(1, (await grain.GetHoursAsync("wf", SmsKind.Newsletter))[10].Sent);
        Assert.True((await grain.GetHoursAsync(null, SmsKind.Transactional))[10].IsZero);
        Assert.Equal(1, (await grain.GetHoursAsync(null, SmsKind.Transactional))[23].Skipped[SkipReason.Bounced]);
        Assert.True((await grain.GetHoursAsync("other", null)).All(h => h.IsZero));

        // The marks are durable with the counts: a new activation still knows them.
        await ContactActivations.CollectIdleAsync(Services);
        await grain.CountAsync(counts);
        Assert.Equal(1, (await grain.GetHoursAsync(null, null))[10].Sent);
    }

    [Fact]
    public async Task Confirmed_marks_go_at_the_next_write_and_the_others_after_the_dedupe_window()
    {
        var grain = cluster.Grains.GetSmsCounters(Ids.Store(), Day);
        await grain.CountAsync([Count(1, At(9), SmsCountKind.Sent), Count(2, At(9), SmsCountKind.Sent)]);
        Assert.Equal([1UL, 2UL], (await StoredMarksAsync(grain)).Keys.Order());

        // A one-way message: it may come after the next count, so counts follow until a write drops it.
        await grain.ForgetAsync([1]);
        var next = 100UL;
        await SendingSiloFixture.EventuallyAsync(
            async () =>
            {
                await grain.CountAsync([Count(next++, At(8), SmsCountKind.Skipped, reason: SkipReason.Paused)]);
                return await StoredMarksAsync(grain);
            },
            marks => !marks.ContainsKey(1), "the confirmed mark to leave storage");
        await grain.CountAsync([Count(3, At(9), SmsCountKind.Refused)]);
        Assert.Equal([2UL, 3UL], (await StoredMarksAsync(grain)).Keys.Where(m => m < 100).Order());

        // Nobody confirms 2 and 3: they last Reports:DedupeWindow (3 days), then go.
        ClusterFixture.Time.Advance(new ReportOptions().DedupeWindow + TimeSpan.FromMinutes(2));
        await grain.CountAsync([Count(4, At(9), SmsCountKind.Inbound)]);
        Assert.Equal([4UL], (await StoredMarksAsync(grain)).Keys);
        Assert.Equal((long)(next - 100), (await grain.GetHoursAsync(null, null))[8].Skipped[SkipReason.Paused]);

        var hour = (await grain.GetHoursAsync(null, null))[9];
        Assert.Equal((2, 1, 1), (hour.Sent, hour.Refused, hour.Inbound));
    }

    [Fact]
    public async Task The_report_sums_the_days_of_its_range_into_its_buckets()
    {
        var store = Ids.Store();
        await cluster.Grains.GetSmsCounters(store, new DateOnly(2026, 11, 24)).CountAsync([Count(1, new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero), SmsCountKind.Sent, segments: 3)]);
        await cluster.Grains.GetSmsCounters(store, Day).CountAsync([Count(2, At(0, 10), SmsCountKind.Sent, segments: 1), Count(3, At(5), SmsCountKind.Delivered)]);

        var byHour = await cluster.Grains.GetStoreSmsReport(store).GetAsync(new SmsReportQuery
        {
            From = new DateTimeOffset(2026, 11, 24, 22, 0, 0, TimeSpan.Zero),
            To = At(2),
            Granularity = ReportGranularity.Hour,
        });
        Assert.Equal([0L, 1L, 1L, 0L], byHour.Buckets.Select(b => b.Counts.Sent));
        Assert.Equal((2, 4, 0), (byHour.Totals.Sent, byHour.Totals.Segments, byHour.Totals.Delivered));

        var byDay = await cluster.Grains.GetStoreSmsReport(store).GetAsync(new SmsReportQuery
        {
            From = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero),
            Granularity = ReportGranularity.Day,
        });
        Assert.Equal([0L, 1L, 1L, 0L], byDay.Buckets.Select(b => b.Counts.Sent));
        Assert.Equal([0L, 0L, 1L, 0L], byDay.Buckets.Select(b => b.Counts.Delivered));
        Assert.Equal((2, 4, 1), (byDay.Totals.Sent, byDay.Totals.Segments, byDay.Totals.Delivered));
    }
}
