using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using OrleansSms.InstasentSimulator;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

/// <summary>Instasent's request ceiling per token and endpoint, on a clock the test moves.</summary>
public sealed class RateLimitTests
{
    // 10:00:10 UTC: the minute window ends at 10:01:00.
    private static readonly DateTimeOffset Start = new(2026, 4, 21, 10, 0, 10, TimeSpan.Zero);
    private static readonly long MinuteEnd = new DateTimeOffset(2026, 4, 21, 10, 1, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static Task<SimulatorHarness> StartLimitedAsync(FakeTimeProvider time, int perMinute) =>
        StartAsync(o =>
        {
            o.TimeProvider = time;
            o.Limits = new SimulatorLimits { RequestsPerMinute = perMinute };
        });

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"no {name} header");

    [Fact]
    public async Task Every_answer_carries_the_rate_limit_headers()
    {
        var time = new FakeTimeProvider(Start);
        await using var sim = await StartLimitedAsync(time, perMinute: 5);

        var (created, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "h-1"));
        var (refused, _) = await sim.PostAsync("/transactional/v1/sms", new { from = "MyShop", to = "nope", text = "x" });
        using var list = await sim.Client.GetAsync("/transactional/v1/sms");
        using var missing = await sim.Client.GetAsync("/transactional/v1/sms/no-such-id");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var response in new[] { created, refused, list, missing })
        {
            Assert.Equal("5", Header(response, "X-RateLimit-Limit"));
            Assert.Equal(MinuteEnd.ToString(CultureInfo.InvariantCulture), Header(response, "X-RateLimit-Reset"));
        }

        // Counted per endpoint: the two sends share one count, the list and the look-up have their own.
        Assert.Equal("4", Header(created, "X-RateLimit-Remaining"));
        Assert.Equal("3", Header(refused, "X-RateLimit-Remaining"));
        Assert.Equal("4", Header(list, "X-RateLimit-Remaining"));
        Assert.Equal("4", Header(missing, "X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Without_a_ceiling_there_are_no_headers_and_no_429()
    {
        await using var sim = await StartAsync();

        for (var i = 0; i < 30; i++)
        {
            var (response, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "u-" + i));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
        }

        Assert.Equal(0, (await sim.StatsAsync()).RateLimited);
    }

    [Fact]
    public async Task Over_the_ceiling_a_429_has_an_empty_body_no_Retry_After_and_accepts_nothing()
    {
        var time = new FakeTimeProvider(Start);
        await using var sim = await StartLimitedAsync(time, perMinute: 2);

        for (var i = 0; i < 2; i++)
        {
            var (ok, _) = await sim.PostAsync("/transactional/v1/sms/bulk", new[] { Sms("+34600111222", clientId: "c-" + i) });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var over = await sim.Client.PostAsJsonAsync("/transactional/v1/sms/bulk", new[] { Sms("+34600111222", clientId: "c-2") }, Json);

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Empty(await over.Content.ReadAsByteArrayAsync());
        Assert.Null(over.Headers.RetryAfter);
        Assert.Equal("2", Header(over, "X-RateLimit-Limit"));
        Assert.Equal("0", Header(over, "X-RateLimit-Remaining"));
        Assert.Equal(MinuteEnd.ToString(CultureInfo.InvariantCulture), Header(over, "X-RateLimit-Reset"));
        Assert.Empty(await sim.MessagesAsync(clientId: "c-2"));

        // Another endpoint of the same token, and another token, have their own counts.
        var (single, _) = await sim.PostAsync("/sms", Sms("+34600111222", clientId: "c-3"));
        Assert.Equal(HttpStatusCode.Created, single.StatusCode);
        await sim.PutAsync("/_sim/tokens/other", new { callbackUrl = (string?)null });
        var (otherToken, _) = await sim.PostAsync("/transactional/v1/sms/bulk", new[] { Sms("+34600111222", clientId: "o-1") }, sim.NewClient("other"));
        Assert.Equal(HttpStatusCode.Created, otherToken.StatusCode);

        Assert.Equal(1, (await sim.StatsAsync()).RateLimited);
    }

    [Fact]
    public async Task The_window_resets_at_X_RateLimit_Reset()
    {
        var time = new FakeTimeProvider(Start);
        await using var sim = await StartLimitedAsync(time, perMinute: 1);

        var (first, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "w-1"));
        var (second, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "w-2"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);

        var reset = DateTimeOffset.FromUnixTimeSeconds(long.Parse(Header(second, "X-RateLimit-Reset"), CultureInfo.InvariantCulture));
        time.SetUtcNow(reset - TimeSpan.FromMilliseconds(1));
        var (stillOver, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "w-2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, stillOver.StatusCode);

        time.SetUtcNow(reset);
        var (afterReset, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "w-2"));
        Assert.Equal(HttpStatusCode.Created, afterReset.StatusCode);
        Assert.Equal("0", Header(afterReset, "X-RateLimit-Remaining"));
        Assert.Equal((MinuteEnd + 60).ToString(CultureInfo.InvariantCulture), Header(afterReset, "X-RateLimit-Reset"));
    }

    [Fact]
    public async Task Limits_are_set_through_the_control_api_and_checked()
    {
        var time = new FakeTimeProvider(Start);
        await using var sim = await StartAsync(o => o.TimeProvider = time);

        await sim.PutAsync("/_sim/limits", new { requestsPerMinute = 1, windowSeconds = 2 });
        var limits = await sim.Anonymous.GetFromJsonAsync<SimulatorLimits>("/_sim/limits", Json);
        Assert.Equal(new SimulatorLimits { RequestsPerMinute = 1, WindowSeconds = 2 }, limits);

        var (first, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "l-1"));
        var (second, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "l-2"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);

        // 10:00:10 lies in the two-second window [10:00:10, 10:00:12).
        Assert.Equal((Start.ToUnixTimeSeconds() + 2).ToString(CultureInfo.InvariantCulture), Header(second, "X-RateLimit-Reset"));

        using var bad = await sim.Anonymous.PutAsJsonAsync("/_sim/limits", new { requestsPerMinute = -1 }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        await sim.PutAsync("/_sim/limits", new { });
        var (unlimited, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "l-2"));
        Assert.Equal(HttpStatusCode.Created, unlimited.StatusCode);
        Assert.False(unlimited.Headers.Contains("X-RateLimit-Limit"));
    }

    [Fact]
    public void A_window_of_zero_seconds_in_the_options_is_refused()
    {
        var options = new SimulatorOptions { Limits = new SimulatorLimits { RequestsPerMinute = 5, WindowSeconds = 0 } };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("windowSeconds", error.Message, StringComparison.Ordinal);
    }
}
