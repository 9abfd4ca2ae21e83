using OrleansSms.Domain.Audit;

namespace OrleansSms.Domain.Tests.Audit;

public class AuditRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new[] { 10, 9, 8 }, 5, 30, 0)]
    [InlineData(new[] { 10, 9, 8, 7, 6, 5 }, 5, 30, 1)]
    [InlineData(new[] { 40, 31, 30, 2 }, 5, 30, 2)]
    [InlineData(new[] { 40, 35, 5, 4, 3, 2, 1 }, 3, 30, 4)]
    [InlineData(new[] { 90, 80 }, 5, 30, 2)]
    [InlineData(new int[0], 5, 30, 0)]
    public void The_oldest_go_past_the_count_or_the_age_whichever_drops_more(int[] daysAgoOldestFirst, int maxEntries, int maxAgeDays, int dropped)
    {
        var at = daysAgoOldestFirst.Select(d => Now.AddDays(-d)).ToList();

        Assert.Equal(dropped, AuditRetention.ToDrop(at, a => a, maxEntries, TimeSpan.FromDays(maxAgeDays), Now));
    }
}
