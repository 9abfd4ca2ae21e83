using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansSms.Tests.Sending;

/// <summary>The sending silo with one lane to Instasent per store (<c>Connector:MaxBatchesInFlight</c> = 1).</summary>
public sealed class OneLaneSendingSiloFixture() : SendingSiloFixture(
    deliveryDelayMs: 20,
    new Dictionary<string, string?> { ["Connector:MaxBatchesInFlight"] = "1" });

/// <summary>
/// The connector sends at once while a lane is free and bundles what comes while every lane is
/// busy into bulk calls, as the simulator's per-route request counters show. The fixture is this
/// class's alone and xunit runs its tests one after another, so the counters' deltas are each test's.
/// </summary>
public sealed class ConnectorBatchingTests(OneLaneSendingSiloFixture silo, ITestOutputHelper output) : IClassFixture<OneLaneSendingSiloFixture>
{
    private readonly HttpClient _client = silo.Client;

    private Task<HttpResponseMessage> SendAsync(string store, string contact, string text) =>
        _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text, senderName = "MyShop" });

    private async Task<Requests> StatsAsync()
    {
        var stats = await silo.Simulator.GetFromJsonAsync<JsonElement>("/_sim/stats");
        var requests = stats.GetProperty("requests");
        return new Requests(
            stats.GetProperty("accepted").GetInt64(),
            requests.GetProperty("single").GetInt64(),
            requests.GetProperty("bulk").GetInt64(),
            requests.GetProperty("bulkItems").GetInt64());
    }

    [Fact]
    public async Task A_lone_send_goes_at_once_as_a_single_request()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        var before = await StatsAsync();

        var result = await (await SendAsync(store, contact, "Just one")).ReadJsonAsync();

        Assert.Equal("sent", result.GetProperty("status").GetString());
        Assert.Single(await silo.SimulatorMessagesAsync(phone));
        var delta = await StatsAsync() - before;
        Assert.Equal(new Requests(Accepted: 1, Single: 1, Bulk: 0, BulkItems: 0), delta);
    }

    [Fact]
    public async Task Sends_that_come_while_the_only_lane_is_busy_share_bulk_calls()
    {
        const int count = 40;
        var store = await silo.StoreAsync();
        var phones = Enumerable.Range(0, count).Select(_ => TestPhones.Next()).ToArray();
        var contacts = new string[count];
        for (var i = 0; i < count; i++)
        {
            contacts[i] = await silo.ContactAsync(store, phones[i]);
        }

        var before = await StatsAsync();

        var responses = await Task.WhenAll(contacts.Select(async (contact, i) =>
            await (await SendAsync(store, contact, $"Newsletter {i}")).ReadJsonAsync()));

        Assert.All(responses, r => Assert.Equal("sent", r.GetProperty("status").GetString()));
        foreach (var phone in phones)
        {
            Assert.Single(await silo.SimulatorMessagesAsync(phone));
        }

        var delta = await StatsAsync() - before;
        output.WriteLine($"{count} sends: {delta}");
        Assert.Equal(count, delta.Accepted);
        Assert.Equal(count, delta.Single + delta.BulkItems);
        Assert.True(delta.Single + delta.Bulk < count,
            $"{count} concurrent sends on one lane took {delta.Single} single and {delta.Bulk} bulk request(s) ({delta.BulkItems} bulk items): none shared a call");
    }

    /// <summary>The simulator's accepted count and per-route request counters.</summary>
    private sealed record Requests(long Accepted, long Single, long Bulk, long BulkItems)
    {
        public static Requests operator -(Requests after, Requests before) => new(
            after.Accepted - before.Accepted,
            after.Single - before.Single,
            after.Bulk - before.Bulk,
            after.BulkItems - before.BulkItems);
    }
}
