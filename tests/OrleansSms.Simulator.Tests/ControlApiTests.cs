using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using OrleansSms.InstasentSimulator;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

public sealed class ControlApiTests
{
    [Fact]
    public async Task Messages_filter_by_number_and_clientId_in_acceptance_order()
    {
        await using var sim = await StartAsync();
        await sim.PostAsync("/transactional/v1/sms/bulk", new[]
        {
            Sms("+34600000001", "one", "f-1"),
            Sms("+34600000002", "two", "f-2"),
            Sms("+34600000001", "three", "f-3"),
        });

        var all = await sim.MessagesAsync();
        var toOne = await sim.MessagesAsync(to: "+34600000001");
        var byClientId = await sim.MessagesAsync(clientId: "f-2");
        var both = await sim.MessagesAsync(to: "+34600000002", clientId: "f-1");
        var unencodedPlus = await sim.Anonymous.GetFromJsonAsync<List<SimulatedMessage>>("/_sim/messages?to=+34600000002", Json);

        Assert.Equal(["f-1", "f-2", "f-3"], all.Select(m => m.ClientId));
        Assert.Equal(["one", "three"], toOne.Select(m => m.Text));
        Assert.Equal("two", Assert.Single(byClientId).Text);
        Assert.Empty(both);
        Assert.Equal("f-2", Assert.Single(unencodedPlus!).ClientId);
        Assert.All(all, m => Assert.True(m.ReceivedAt > DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [Fact]
    public async Task Deleting_messages_resets_the_store_and_frees_clientIds()
    {
        await using var sim = await StartAsync();
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600000001", clientId: "reset-me"));

        using var deleted = await sim.Anonymous.DeleteAsync("/_sim/messages");
        var (again, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600000001", clientId: "reset-me"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Single(await sim.MessagesAsync());
        var stats = await sim.StatsAsync();
        Assert.Equal(2, stats.Accepted);
        Assert.Equal(1, stats.Stored);
    }

    [Fact]
    public async Task Stats_count_send_requests_by_route_and_the_items_of_bulk_ones()
    {
        await using var sim = await StartAsync();

        var (single, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600000001", clientId: "r-1"));
        var (bulk, _) = await sim.PostAsync("/transactional/v1/sms/bulk", new[]
        {
            Sms("+34600000002", clientId: "r-2"),
            Sms("+34600000003", clientId: "r-3"),
            Sms("+34600000004", clientId: "r-4"),
        });
        var (unauthorized, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600000005"), sim.Anonymous);

        Assert.Equal(HttpStatusCode.Created, single.StatusCode);
        Assert.Equal(HttpStatusCode.Created, bulk.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        var stats = await sim.StatsAsync();
        Assert.Equal(new SimulatorRequestStats(Single: 1, Bulk: 1, BulkItems: 3), stats.Requests);
        Assert.Equal(4, stats.Accepted);
    }

    [Fact]
    public async Task Outcomes_round_trip_and_unknown_statuses_are_refused()
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/outcomes", new Dictionary<string, string> { ["+34600000001"] = "rejected" });

        var outcomes = await sim.Anonymous.GetFromJsonAsync<Dictionary<string, string>>("/_sim/outcomes");
        using var bad = await sim.Anonymous.PutAsJsonAsync("/_sim/outcomes", new Dictionary<string, string> { ["+34600000001"] = "lost" });

        Assert.Equal("rejected", outcomes!["+34600000001"]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Messages_never_echo_tokens()
    {
        await using var sim = await StartAsync();
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600000001"));

        var raw = await sim.Anonymous.GetStringAsync("/_sim/messages");
        var stats = await sim.Anonymous.GetStringAsync("/_sim/stats");

        Assert.DoesNotContain(Token, raw);
        Assert.DoesNotContain(Token, stats);
    }

    [Fact]
    public void Invalid_options_fail_at_build()
    {
        Assert.Throws<ArgumentException>(() => InstasentSimulatorHost.Build(new SimulatorOptions { DuplicateReportRate = 2 }));
        Assert.Throws<ArgumentException>(() => InstasentSimulatorHost.Build(new SimulatorOptions { Url = "nope" }));
        Assert.Throws<ArgumentException>(() => InstasentSimulatorHost.Build(new SimulatorOptions { MaxCallbackAttempts = 0 }));
        Assert.Throws<ArgumentException>(() => InstasentSimulatorHost.Build(new SimulatorOptions
        {
            Outcomes = new Dictionary<string, string> { ["+34600000001"] = "lost" },
        }));
    }

    [Fact]
    public void Options_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(
        [
            "--urls", "http://127.0.0.1:6001;http://127.0.0.1:6002",
            "--Simulator:DeliveryDelayMs", "50",
            "--Simulator:DuplicateReportRate", "0.5",
            "--Simulator:MaxCallbackAttempts", "3",
            "--Simulator:CallbackRetryBaseDelayMs", "10",
            "--Simulator:AcceptUnregisteredTokens", "true",
            "--Simulator:Tokens:dev", "http://127.0.0.1:5080/callbacks/x",
            "--Simulator:Outcomes:+34600000001", "stop",
        ]).Build();

        var options = SimulatorOptions.FromConfiguration(configuration);

        Assert.Equal("http://127.0.0.1:6001", options.Url);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.DeliveryDelay);
        Assert.Equal(0.5, options.DuplicateReportRate);
        Assert.Equal(3, options.MaxCallbackAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(10), options.CallbackRetryBaseDelay);
        Assert.True(options.AcceptUnregisteredTokens);
        Assert.Equal("http://127.0.0.1:5080/callbacks/x", options.Tokens["dev"]);
        Assert.Equal("stop", options.Outcomes["+34600000001"]);
        options.Validate();
    }
}
