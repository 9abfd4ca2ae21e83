using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Api;

/// <summary>
/// Admission control on a silo that takes 2 requests in flight and 1 waiting per budget: the
/// held requests are grain calls stopped by <see cref="GrainCallHolds"/> until the test lets them go.
/// </summary>
public sealed class AdmissionTests(AdmissionTests.Silo silo) : IClassFixture<AdmissionTests.Silo>
{
    public sealed class Silo : IAsyncLifetime
    {
        public GrainCallHolds Holds { get; } = new();

        public SiloFactory Factory { get; private set; } = null!;

        public HttpClient Client { get; private set; } = null!;

        public Task InitializeAsync()
        {
            var settings = new Dictionary<string, string?>(SiloFactory.Memory())
            {
                ["Admission:PermitLimit"] = "2",
                ["Admission:QueueLimit"] = "1",
                ["Admission:WaitingPermitLimit"] = "2",
                ["Admission:WaitingQueueLimit"] = "1",
                ["Admission:RetryAfterSeconds"] = RetryAfterSeconds.ToString(),
            };
            Factory = new SiloFactory(settings, services: s => s
                .AddSingleton(Holds)
                .AddSingleton<IIncomingGrainCallFilter, GrainCallHoldFilter>());
            Client = Factory.CreateAuthorizedClient();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await Factory.DisposeAsync();
        }
    }

    private const int RetryAfterSeconds = 7;

    private readonly HttpClient _client = silo.Client;

    /// <summary>A store with a channel; answers its callback path.</summary>
    private async Task<(string Store, string CallbackPath)> StoreAsync()
    {
        var store = Ids.Store();
        var channel = await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = "token-" + store, defaultCountry = "ES",
        })).ReadJsonAsync();
        return (store, new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath);
    }

    private Task<HttpResponseMessage> EventAsync(string store) =>
        _client.PostRawJsonAsync($"/api/stores/{store}/events", $$"""{"type":"purchase","contactId":"{{Ids.Contact()}}"}""");

    /// <summary>A well-formed report for no contact of ours: kept among the store's unmatched reports.</summary>
    private Task<HttpResponseMessage> ReportAsync(string callbackPath) =>
        _client.PostAsJsonAsync(callbackPath, new { id = Ids.Unique("report"), status = "delivered" });

    private static async Task AssertTurnedAwayAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Contains($"Try again in {RetryAfterSeconds} seconds", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.TryGetProperty("traceId", out _), problem.ToString());
    }

    [Fact]
    public async Task Events_beyond_the_limit_and_its_queue_are_answered_503_at_once_and_the_admitted_ones_complete()
    {
        var (a, _) = await StoreAsync();
        var (b, _) = await StoreAsync();
        var (c, cCallback) = await StoreAsync();
        using var rejections = new RejectionCount("events");
        var hold = silo.Holds.Add("PublishEventAsync", a, b);

        var first = EventAsync(a);
        var second = EventAsync(b);
        await hold.ArrivedAsync(2);

        // Both permits are held: of the next two, one waits in the queue and the other is turned
        // away; the waiting one cannot finish before the held ones, so the first to finish is the 503.
        var third = EventAsync(c);
        var fourth = EventAsync(c);
        var answered = await Task.WhenAny(third, fourth);
        await AssertTurnedAwayAsync(await answered);
        Assert.Equal(1, rejections.Value);

        // Reads, probes, sends (answered after Instasent's, in their own budget) and Instasent's
        // reports are not held back by the budget of the work routes.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/stores/{c}/sms-channel")).StatusCode);
        var send = await (await _client.PostAsJsonAsync($"/api/stores/{c}/contacts/{Ids.Contact()}/sms", new { text = "Hola", senderName = "MyShop" })).ReadJsonAsync();
        Assert.Equal("skipped", send.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        Assert.Equal("unmatched", (await (await ReportAsync(cCallback)).ReadJsonAsync()).GetProperty("outcome").GetString());

        hold.Release();
        await (await first).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await second).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await (answered == third ? fourth : third)).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await EventAsync(c)).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(1, rejections.Value);
    }

    [Fact]
    public async Task A_report_Instasent_posts_beyond_the_limit_is_answered_503_with_Retry_After_so_Instasent_retries_it()
    {
        var (a, aCallback) = await StoreAsync();
        var (b, bCallback) = await StoreAsync();
        var (c, cCallback) = await StoreAsync();
        using var rejections = new RejectionCount("callbacks");
        var hold = silo.Holds.Add("AddAsync", a, b);

        var first = ReportAsync(aCallback);
        var second = ReportAsync(bCallback);
        await hold.ArrivedAsync(2);

        var third = ReportAsync(cCallback);
        var fourth = ReportAsync(cCallback);
        var answered = await Task.WhenAny(third, fourth);
        await AssertTurnedAwayAsync(await answered);
        Assert.Equal(1, rejections.Value);

        // The API's work has its own budget.
        await (await EventAsync(c)).ReadJsonAsync(HttpStatusCode.Accepted);

        hold.Release();
        foreach (var held in new[] { first, second, answered == third ? fourth : third })
        {
            Assert.Equal("unmatched", (await (await held).ReadJsonAsync()).GetProperty("outcome").GetString());
        }

        Assert.Equal("unmatched", (await (await ReportAsync(cCallback)).ReadJsonAsync()).GetProperty("outcome").GetString());
        Assert.Equal(1, rejections.Value);
    }

    [Fact]
    public async Task Routes_that_create_work_say_they_may_answer_503_in_the_OpenAPI_document()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var paths = document.GetProperty("paths");

        Assert.True(paths.GetProperty("/api/stores/{storeId}/events").GetProperty("post").GetProperty("responses").TryGetProperty("503", out _));
        Assert.True(paths.GetProperty("/callbacks/instasent/{storeId}/{secret}").GetProperty("post").GetProperty("responses").TryGetProperty("503", out _));
    }

    /// <summary>The <c>orleanssms.http.rejected</c> measurements of one route group while it lives.</summary>
    private sealed class RejectionCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<long> _values = new();

        public RejectionCount(string route)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "orleanssms.http.rejected")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "admission.route" && Equals(tag.Value, route))
                    {
                        _values.Enqueue(value);
                    }
                }
            });
            _listener.Start();
        }

        public long Value => _values.Sum();

        public void Dispose() => _listener.Dispose();
    }
}
