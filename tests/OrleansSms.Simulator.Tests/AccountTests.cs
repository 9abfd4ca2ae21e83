using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

public sealed class AccountTests
{
    [Fact]
    public async Task A_registered_token_reads_its_balance_and_currency_and_a_control_sets_them()
    {
        await using var sim = await StartAsync();

        var initial = JsonNode.Parse(await sim.Client.GetStringAsync("/organization/account"))!;
        Assert.Equal(100m, initial["entity"]!["balance"]!.GetValue<decimal>());
        Assert.Equal("EUR", initial["entity"]!["currency"]!.GetValue<string>());

        await sim.PutAsync($"/_sim/accounts/{Token}", new { balance = 12.5m, currency = "USD" });
        var changed = JsonNode.Parse(await sim.Client.GetStringAsync("/organization/account"))!;
        Assert.Equal(12.5m, changed["entity"]!["balance"]!.GetValue<decimal>());
        Assert.Equal("USD", changed["entity"]!["currency"]!.GetValue<string>());

        // The python SDK's spelling, with a trailing slash.
        var slashed = JsonNode.Parse(await sim.Client.GetStringAsync("/organization/account/"))!;
        Assert.Equal(12.5m, slashed["entity"]!["balance"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_unknown_or_missing_token_is_401_and_the_control_refuses_unknown_tokens_and_bad_bodies()
    {
        await using var sim = await StartAsync();
        using var stranger = sim.NewClient("who-knows");

        using var unknown = await stranger.GetAsync("/organization/account");
        using var missing = await sim.Anonymous.GetAsync("/organization/account");
        using var setUnknown = await sim.Anonymous.PutAsJsonAsync("/_sim/accounts/who-knows", new { balance = 1m, currency = "EUR" });
        using var negative = await sim.Anonymous.PutAsJsonAsync($"/_sim/accounts/{Token}", new { balance = -1m, currency = "EUR" });
        using var badCurrency = await sim.Anonymous.PutAsJsonAsync($"/_sim/accounts/{Token}", new { balance = 1m, currency = "euro" });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, setUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCurrency.StatusCode);
    }
}
