using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Domain.Tests.Webhooks;

public class WebhookRetryPolicyTests
{
    private static readonly WebhookRetryPolicy Policy = new(TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), TimeSpan.FromHours(24));
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 80)]
    [InlineData(9, 2_560)]
    [InlineData(10, 3_600)]
    [InlineData(30, 3_600)]
    [InlineData(1_000, 3_600)]
    public void The_wait_doubles_from_the_base_up_to_the_cap(int failedAttempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Policy.NominalDelay(failedAttempts));

    [Fact]
    public void Jitter_keeps_each_wait_within_20_percent_of_its_nominal_value()
    {
        Assert.Equal(TimeSpan.FromSeconds(8), Policy.Delay(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(10), Policy.Delay(1, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(12), Policy.Delay(1, 1));
        var random = new Random(7);
        for (var attempt = 1; attempt < 20; attempt++)
        {
            var nominal = Policy.NominalDelay(attempt);
            var delay = Policy.Delay(attempt, random.NextDouble());
            Assert.InRange(delay, nominal * 0.8, nominal * 1.2);
        }
    }

    [Fact]
    public void Two_events_that_failed_together_do_not_come_back_at_the_same_instant()
    {
        var random = new Random(11);
        var delays = Enumerable.Range(0, 20).Select(_ => Policy.Delay(3, random.NextDouble())).Distinct().Count();

        Assert.True(delays > 15, $"only {delays} distinct waits out of 20");
    }

    [Fact]
    public void Attempts_go_on_for_24_hours_after_the_first_then_the_event_is_given_up()
    {
        var now = Start;
        var attempts = 1;
        DateTimeOffset? next;
        while ((next = Policy.NextAttempt(Start, now, attempts, 0.5)) is { } at)
        {
            Assert.True(at - Start <= TimeSpan.FromHours(24));
            now = at;
            attempts++;
        }

        // 10 s doubling to an hour: 9 waits reach 85 minutes, then hourly for the rest of the day.
        Assert.InRange(attempts, 28, 32);
        Assert.True(now - Start > TimeSpan.FromHours(23), $"the last attempt came at {now - Start}");
        Assert.Null(next);
    }

    [Fact]
    public void An_attempt_counts_as_the_first_only_once()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.Delay(0, 0.5));
    }
}
