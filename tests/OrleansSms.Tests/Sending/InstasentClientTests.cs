using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Instasent;
using OrleansSms.InstasentSimulator;

namespace OrleansSms.Tests.Sending;

/// <summary>The Instasent client and its resilience pipeline against the simulator over loopback HTTP.</summary>
public sealed class InstasentClientTests : IAsyncLifetime
{
    private const string Token = "client-test-token";
    private WebApplication _simulator = null!;
    private HttpClient _control = null!;

    public async Task InitializeAsync()
    {
        _simulator = InstasentSimulatorHost.Build(new SimulatorOptions { Url = "http://127.0.0.1:0", DeliveryDelay = TimeSpan.FromHours(1) });
        await _simulator.StartAsync();
        _control = new HttpClient { BaseAddress = new Uri(_simulator.Urls.First()) };
        (await _control.PutAsJsonAsync($"/_sim/tokens/{Token}", new { callbackUrl = "http://127.0.0.1:9/never" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _control.Dispose();
        await _simulator.DisposeAsync();
    }

    /// <summary>Every HTTP attempt the pipeline makes, with its time and answer.</summary>
    private sealed class AttemptRecorder(Func<int, HttpStatusCode?>? script = null) : DelegatingHandler
    {
        public ConcurrentQueue<(DateTimeOffset At, HttpStatusCode Status)> Attempts { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // A scripted answer stands in for the server on chosen attempts (0-based).
            var response = script?.Invoke(Attempts.Count) is { } scripted
                ? new HttpResponseMessage(scripted)
                : await base.SendAsync(request, cancellationToken);
            Attempts.Enqueue((DateTimeOffset.UtcNow, response.StatusCode));
            return response;
        }
    }

    private (InstasentClient Client, AttemptRecorder Recorder, ServiceProvider Services) NewClient(int maxRetries = 3, Func<int, HttpStatusCode?>? script = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Instasent:BaseUrl"] = _simulator.Urls.First(),
            ["Instasent:MaxRetries"] = maxRetries.ToString(),
            ["Instasent:RetryBaseDelay"] = "00:00:00.010",
            ["Instasent:MaxRetryDelay"] = "00:00:05",
        }).Build();
        var recorder = new AttemptRecorder(script);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddInstasentClient();
        services.AddHttpClient<InstasentClient>().AddHttpMessageHandler(() => recorder);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<InstasentClient>(), recorder, provider);
    }

    private static InstasentMessage Sms(string clientId, string to = "+34600111222") => new(clientId, "MyShop", to, "Hola", false);

    private Task SetFaultsAsync(object faults) => _control.PutAsJsonAsync("/_sim/faults", faults);

    [Fact]
    public async Task A_single_send_is_accepted_with_instasents_id()
    {
        var (client, recorder, services) = NewClient();
        using var _ = services;
        var outcome = await client.SendAsync(Token, Sms("single.1"));

        Assert.Equal(InstasentOutcomeKind.Accepted, outcome.Kind);
        Assert.False(string.IsNullOrEmpty(outcome.ProviderId));
        Assert.Single(recorder.Attempts);
    }

    [Fact]
    public async Task A_bulk_call_reports_each_message_and_per_item_errors_land_on_the_right_messages()
    {
        var (client, _, services) = NewClient();
        using var __ = services;
        var batch = new[] { Sms("bulk.1"), Sms("bulk.2", to: "+1"), Sms("bulk.3"), Sms("bulk.4", to: "600111222"), Sms("bulk.5") };

        var outcomes = await client.SendBulkAsync(Token, batch);

        Assert.Equal(
            [InstasentOutcomeKind.Accepted, InstasentOutcomeKind.Refused, InstasentOutcomeKind.Accepted, InstasentOutcomeKind.Refused, InstasentOutcomeKind.Accepted],
            outcomes.Select(o => o.Kind));
        Assert.Contains("to", outcomes[1].Error);
        Assert.Equal(3, outcomes.Where(o => o.ProviderId is not null).Select(o => o.ProviderId).Distinct().Count());
        var accepted = await _control.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/_sim/messages");
        Assert.Equal(["bulk.1", "bulk.3", "bulk.5"], accepted!.Select(m => m.GetProperty("clientId").GetString()).Where(c => c!.StartsWith("bulk.")));
    }

    [Fact]
    public async Task A_resend_of_a_message_instasent_already_has_counts_as_accepted_not_as_a_second_sms()
    {
        var (client, _, services) = NewClient();
        using var _ = services;
        Assert.Equal(InstasentOutcomeKind.Accepted, (await client.SendAsync(Token, Sms("again.1"))).Kind);

        var resend = await client.SendAsync(Token, Sms("again.1"));

        Assert.Equal(InstasentOutcomeKind.Accepted, resend.Kind);
        var copies = await _control.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/_sim/messages?clientId=again.1");
        Assert.Single(copies!);
    }

    [Theory]
    [InlineData("unknown-token", 401)]
    [InlineData(Token, 402)]
    [InlineData(Token, 400)]
    public async Task Refusals_for_good_are_never_retried(string token, int status)
    {
        var (client, recorder, services) = NewClient(maxRetries: 4, script: status == 401 ? null : _ => (HttpStatusCode)status);
        using var _ = services;

        var outcome = await client.SendAsync(token, Sms($"refused.{status}"));

        Assert.Equal(InstasentOutcomeKind.Refused, outcome.Kind);
        Assert.StartsWith(status.ToString(), outcome.Error);
        Assert.Equal((HttpStatusCode)status, Assert.Single(recorder.Attempts).Status);
    }

    [Fact]
    public async Task Server_errors_are_retried_and_the_send_then_succeeds()
    {
        var (client, recorder, services) = NewClient(maxRetries: 3, script: attempt => attempt < 2 ? HttpStatusCode.InternalServerError : null);
        using var _ = services;

        var outcome = await client.SendAsync(Token, Sms("retry500.1"));

        Assert.Equal(InstasentOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.Created], recorder.Attempts.Select(a => a.Status));
    }

    [Fact]
    public async Task Injected_500s_that_never_stop_end_as_transient_after_the_retries()
    {
        var (client, recorder, services) = NewClient(maxRetries: 2);
        using var _ = services;
        await SetFaultsAsync(new { status500Rate = 1.0 });
        try
        {
            var outcome = await client.SendAsync(Token, Sms("down.1"));
            Assert.Equal(InstasentOutcomeKind.Transient, outcome.Kind);
            Assert.Equal(3, recorder.Attempts.Count);
        }
        finally
        {
            await SetFaultsAsync(new { });
        }
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_retry_after_asks_for()
    {
        var (client, recorder, services) = NewClient(maxRetries: 1);
        using var _ = services;
        await SetFaultsAsync(new { status429Rate = 1.0, retryAfterSeconds = 1 });
        try
        {
            var outcome = await client.SendAsync(Token, Sms("slow.1"));

            Assert.Equal(InstasentOutcomeKind.Transient, outcome.Kind);
            var attempts = recorder.Attempts.ToArray();
            Assert.Equal(2, attempts.Length);
            Assert.All(attempts, a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));

            // The backoff alone would wait ~10 ms; Retry-After: 1 makes it at least a second
            // (how much longer depends on the machine, so no upper bound).
            var gap = (attempts[1].At - attempts[0].At).TotalSeconds;
            Assert.True(gap >= 0.9, $"the retry came {gap:F3} s after the 429 that asked for 1 s");
        }
        finally
        {
            await SetFaultsAsync(new { });
        }
    }
}
