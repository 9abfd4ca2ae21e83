using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansSms.InstasentSimulator;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task Rate_limited_requests_get_429_with_Retry_After_and_accept_nothing()
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/faults", new { status429Rate = 1.0, retryAfterSeconds = 3 });

        var (single, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "r-1"));
        var (bulk, _) = await sim.PostAsync("/transactional/v1/sms/bulk", new[] { Sms("+34600111222", clientId: "r-2") });

        Assert.Equal(HttpStatusCode.TooManyRequests, single.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), single.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, bulk.StatusCode);
        Assert.Empty(await sim.MessagesAsync());

        // Once the fault is lifted the same clientId goes through: nothing was half-accepted.
        await sim.PutAsync("/_sim/faults", new { });
        var (retried, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "r-1"));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(2, (await sim.StatsAsync()).Faults.Status429);
    }

    [Theory]
    [InlineData("status500Rate", HttpStatusCode.InternalServerError)]
    [InlineData("status402Rate", HttpStatusCode.PaymentRequired)]
    public async Task Injected_errors_accept_nothing(string fault, HttpStatusCode expected)
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/faults", new Dictionary<string, double> { [fault] = 1.0 });

        var (response, _) = await sim.PostAsync("/transactional/v1/sms/bulk", new[] { Sms("+34600111222", clientId: "e-1") });

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(await sim.MessagesAsync());
    }

    [Fact]
    public async Task Latency_delays_every_answer()
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/faults", new { latencyMs = 150 });

        var watch = Stopwatch.StartNew();
        var (response, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222"));
        watch.Stop();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 140, $"took {watch.ElapsedMilliseconds} ms");
        var faults = await sim.Anonymous.GetFromJsonAsync<SimulatorFaults>("/_sim/faults", Json);
        Assert.Equal(150, faults!.LatencyMs);
    }

    [Fact]
    public async Task A_timeout_is_held_then_answered_504_without_accepting()
    {
        await using var sim = await StartAsync(o => o.TimeoutFaultHold = TimeSpan.FromMilliseconds(200));
        await sim.PutAsync("/_sim/faults", new { timeoutRate = 1.0 });

        var watch = Stopwatch.StartNew();
        var (response, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "t-1"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 190, $"took {watch.ElapsedMilliseconds} ms");
        Assert.Empty(await sim.MessagesAsync());
    }

    [Fact]
    public async Task A_client_that_gives_up_on_a_timeout_has_sent_nothing()
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/faults", new { timeoutRate = 1.0 });
        using var impatient = sim.NewClient(Token, TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            impatient.PostAsJsonAsync("/transactional/v1/sms/bulk", new[] { Sms("+34600111222", clientId: "gave-up") }));

        await Eventually.UntilAsync(sim.StatsAsync, s => s.Faults.Timeouts == 1, what: "the timeout fault was drawn");
        Assert.Empty(await sim.MessagesAsync());
    }

    [Fact]
    public async Task Partial_rates_fault_some_requests_and_accept_the_rest()
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/faults", new { status429Rate = 0.3, status500Rate = 0.2 });

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 200; i++)
        {
            var (response, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "m" + i));
            codes.Add(response.StatusCode);
        }

        var created = codes.Count(c => c == HttpStatusCode.Created);
        Assert.InRange(created, 60, 140);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.Contains(HttpStatusCode.InternalServerError, codes);
        Assert.Equal(created, (await sim.MessagesAsync()).Count);
    }

    [Fact]
    public async Task Invalid_faults_are_refused()
    {
        await using var sim = await StartAsync();

        using var response = await sim.Anonymous.PutAsJsonAsync("/_sim/faults", new { status429Rate = 0.7, status500Rate = 0.7 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Omitted_items_are_neither_taken_nor_named_in_the_answer()
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/faults", new { omitRate = 1.0 });

        var (bulk, bulkBody) = await sim.PostAsync("/transactional/v1/sms/bulk", new[]
        {
            Sms("+34600111222", clientId: "o-1"), Sms("+34", clientId: "o-2"),
        });
        var (single, singleBody) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "o-3"));

        Assert.Equal(HttpStatusCode.Created, bulk.StatusCode);
        Assert.Empty(bulkBody!["entities"]!.AsArray());
        Assert.Empty(bulkBody["errors"]!.AsArray());
        Assert.Equal(HttpStatusCode.Created, single.StatusCode);
        Assert.Null(singleBody!["entity"]);
        Assert.Empty(await sim.MessagesAsync());

        // Nothing was taken: the same clientIds go through once the fault is lifted.
        await sim.PutAsync("/_sim/faults", new { });
        var (again, againBody) = await sim.PostAsync("/transactional/v1/sms/bulk", new[] { Sms("+34600111222", clientId: "o-1") });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Single(againBody!["entities"]!.AsArray());
    }

    [Theory]
    [InlineData(null, true, true)]
    [InlineData("full", true, true)]
    [InlineData("item", false, true)]
    [InlineData("index", false, false)]
    public async Task The_bulk_error_shape_picks_what_a_rejected_item_carries(string? shape, bool clientId, bool item)
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/faults", new { bulkErrorShape = shape });

        var (_, body) = await sim.PostAsync("/transactional/v1/sms/bulk", new[]
        {
            Sms("+34600111222", clientId: "s-1"), Sms("+34", clientId: "s-2"),
        });

        var error = Assert.Single(body!["errors"]!.AsArray())!;
        Assert.Equal(1, (int)error["index"]!);
        Assert.Equal(clientId, error["clientId"] is not null);
        Assert.Equal(item, error["item"] is not null);
        if (item)
        {
            Assert.Equal("s-2", (string?)error["item"]!["clientId"]);
        }

        Assert.NotNull(error["fields"]);
    }

    [Fact]
    public async Task An_unknown_bulk_error_shape_or_omit_rate_out_of_range_is_refused()
    {
        await using var sim = await StartAsync();

        var shape = await sim.Anonymous.PutAsJsonAsync("/_sim/faults", new { bulkErrorShape = "nested" });
        var rate = await sim.Anonymous.PutAsJsonAsync("/_sim/faults", new { omitRate = 1.5 });

        Assert.Equal(HttpStatusCode.BadRequest, shape.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rate.StatusCode);
    }
}
