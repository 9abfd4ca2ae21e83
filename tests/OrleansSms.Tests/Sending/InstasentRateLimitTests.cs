using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansSms.Instasent;
using OrleansSms.InstasentSimulator;

namespace OrleansSms.Tests.Sending;

/// <summary>
/// The client against Instasent's request ceiling as the simulator plays it (a 429 with an empty
/// body, no Retry-After, and <c>X-RateLimit-*</c> headers), on a clock the test moves.
/// </summary>
public sealed class InstasentRateLimitTests : IAsyncLifetime
{
    private const string Token = "ratelimit-test-token";

    // 10:00:53 UTC: the simulator's minute window ends 7 s later, at 10:01:00.
    private static readonly DateTimeOffset Start = new(2026, 4, 21, 10, 0, 53, TimeSpan.Zero);

    private readonly TimerRecordingTimeProvider _time = new(Start);
    private WebApplication _simulator = null!;
    private HttpClient _control = null!;

    public async Task InitializeAsync()
    {
        _simulator = InstasentSimulatorHost.Build(new SimulatorOptions
        {
            Url = "http://127.0.0.1:0",
            DeliveryDelay = TimeSpan.FromHours(1),
            TimeProvider = _time,
            Limits = new SimulatorLimits { RequestsPerMinute = 1 },
        });
        await _simulator.StartAsync();
        _control = new HttpClient { BaseAddress = new Uri(_simulator.Urls.First()) };
        (await _control.PutAsJsonAsync($"/_sim/tokens/{Token}", new { callbackUrl = (string?)null })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _control.Dispose();
        await _simulator.DisposeAsync();
    }

    /// <summary>A fake clock that also notes the due time of every timer made on it (a retry's wait is one).</summary>
    private sealed class TimerRecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public ConcurrentQueue<TimeSpan> DueTimes { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            DueTimes.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>Every HTTP attempt, with the test clock's time and the answer.</summary>
    private sealed class AttemptRecorder(TimeProvider time, Func<int, HttpResponseMessage?>? script = null) : DelegatingHandler
    {
        public ConcurrentQueue<(DateTimeOffset At, HttpStatusCode Status)> Attempts { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = script?.Invoke(Attempts.Count) ?? await base.SendAsync(request, cancellationToken);
            Attempts.Enqueue((time.GetUtcNow(), response.StatusCode));
            return response;
        }
    }

    /// <param name="fakeClock">The client's pipeline waits on the test clock (else on the system clock).</param>
    private (InstasentClient Client, AttemptRecorder Recorder, ServiceProvider Services) NewClient(
        int maxRetries = 3, bool fakeClock = true, Func<int, HttpResponseMessage?>? script = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Instasent:BaseUrl"] = _simulator.Urls.First(),
            ["Instasent:MaxRetries"] = maxRetries.ToString(),
            ["Instasent:RetryBaseDelay"] = "00:00:00.010",
            ["Instasent:MaxRetryDelay"] = "00:00:05",
            ["Instasent:RateLimitJitter"] = "00:00:00",
        }).Build();
        var clock = fakeClock ? (TimeProvider)_time : TimeProvider.System;
        var recorder = new AttemptRecorder(clock, script);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddKeyedSingleton(InstasentServiceCollectionExtensions.TimeProviderKey, clock)
            .AddInstasentClient();
        services.AddHttpClient<InstasentClient>().AddHttpMessageHandler(() => recorder);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<InstasentClient>(), recorder, provider);
    }

    private static InstasentMessage Sms(string clientId) => new(clientId, "MyShop", "+34600111222", "Hola", false);

    [Fact]
    public async Task A_429_without_Retry_After_waits_for_X_RateLimit_Reset()
    {
        var (client, recorder, services) = NewClient();
        using var _ = services;
        Assert.Equal(InstasentOutcomeKind.Accepted, (await client.SendAsync(Token, Sms("reset.1"))).Kind);

        var second = client.SendAsync(Token, Sms("reset.2"));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (recorder.Attempts.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, recorder.Attempts.Last().Status);
        var refusedAt = recorder.Attempts.Last().At;

        // The retry waits on the client's clock for exactly the time to X-RateLimit-Reset (7 s;
        // no jitter here), not the 10 ms backoff; the test clock moves only once that wait is set.
        deadline = DateTime.UtcNow.AddSeconds(15);
        while (!_time.DueTimes.Contains(TimeSpan.FromSeconds(7)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Contains(TimeSpan.FromSeconds(7), _time.DueTimes);
        Assert.Equal(2, recorder.Attempts.Count);
        _time.Advance(TimeSpan.FromSeconds(7));

        var outcome = await second;
        var attempts = recorder.Attempts.ToArray();
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.Created], attempts.Select(a => a.Status));
        Assert.Equal(InstasentOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), attempts[2].At - refusedAt);

        // The headers of the latest answer, for the connector: the new window, used up.
        var limit = client.RateLimit(Token, bulk: false);
        Assert.NotNull(limit);
        Assert.Equal((1, 0), (limit.Limit, limit.Remaining));
        Assert.Equal(new DateTimeOffset(2026, 4, 21, 10, 2, 0, TimeSpan.Zero), limit.Reset);
        Assert.Null(client.RateLimit(Token, bulk: true));
        Assert.True(client.RateLimitedCount >= 1);
    }

    [Fact]
    public async Task A_429_whose_window_ends_beyond_the_longest_wait_comes_back_at_once_as_try_later()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 4, 21, 10, 1, 10, TimeSpan.Zero)); // 50 s before the window ends, beyond the 15 s wait
        var (client, recorder, services) = NewClient(maxRetries: 4);
        using var _ = services;
        Assert.Equal(InstasentOutcomeKind.Accepted, (await client.SendAsync(Token, Sms("far.1"))).Kind);

        var outcome = await client.SendAsync(Token, Sms("far.2"));

        Assert.Equal(InstasentOutcomeKind.Transient, outcome.Kind);
        Assert.StartsWith("429", outcome.Error);
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.TooManyRequests], recorder.Attempts.Select(a => a.Status));
    }

    [Fact]
    public async Task A_429_with_neither_header_falls_back_to_the_backoff()
    {
        var (client, recorder, services) = NewClient(
            fakeClock: false, script: attempt => attempt == 0 ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) : null);
        using var _ = services;

        var outcome = await client.SendAsync(Token, Sms("bare.1"));

        Assert.Equal(InstasentOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.Created], recorder.Attempts.Select(a => a.Status));
    }

    [Fact]
    public async Task Many_429s_never_open_the_circuit()
    {
        var (client, recorder, services) = NewClient(maxRetries: 0, fakeClock: false);
        using var _ = services;

        var outcomes = new List<InstasentOutcome>();
        for (var i = 0; i < 40; i++)
        {
            outcomes.Add(await client.SendAsync(Token, Sms($"wall.{i}")));
        }

        // Every call reached Instasent (an open circuit would answer without calling it).
        Assert.Equal(40, recorder.Attempts.Count);
        Assert.Equal(39, outcomes.Count(o => o.Kind == InstasentOutcomeKind.Transient && o.Error!.StartsWith("429", StringComparison.Ordinal)));
        Assert.True(client.RateLimitedCount >= 39);
        Assert.Equal(0, services.GetRequiredService<InstasentCircuit>().OpenedCount);

        (await _control.PutAsJsonAsync("/_sim/limits", new { })).EnsureSuccessStatusCode();
        Assert.Equal(InstasentOutcomeKind.Accepted, (await client.SendAsync(Token, Sms("wall.after"))).Kind);
    }

    [Fact]
    public async Task Many_500s_do_open_the_circuit()
    {
        (await _control.PutAsJsonAsync("/_sim/limits", new { })).EnsureSuccessStatusCode();
        (await _control.PutAsJsonAsync("/_sim/faults", new { status500Rate = 1.0 })).EnsureSuccessStatusCode();
        var (client, recorder, services) = NewClient(maxRetries: 0, fakeClock: false);
        using var _ = services;

        var outcomes = new List<InstasentOutcome>();
        for (var i = 0; i < 40; i++)
        {
            outcomes.Add(await client.SendAsync(Token, Sms($"down.{i}")));
        }

        Assert.All(outcomes, o => Assert.Equal(InstasentOutcomeKind.Transient, o.Kind));
        Assert.True(recorder.Attempts.Count < 40, $"{recorder.Attempts.Count} attempts: the circuit never opened");
        Assert.Contains(outcomes, o => o.Error!.Contains("BrokenCircuit", StringComparison.Ordinal));
        Assert.True(services.GetRequiredService<InstasentCircuit>().OpenedCount >= 1);
    }
}
