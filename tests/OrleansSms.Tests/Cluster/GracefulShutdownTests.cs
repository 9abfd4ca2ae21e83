using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansSms.Tests.Cluster;

/// <summary>
/// Two silo processes on one PostgreSQL database, one standalone simulator, a store throttled to
/// <see cref="Rate"/> messages/s behind a slow Instasent, so a newsletter keeps both silos' connectors
/// busy for seconds. One silo gets SIGTERM mid-run: it must stop on its own, cleanly and within its
/// shutdown budget, and the run must complete on the other with exactly one SMS per eligible contact.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class GracefulShutdownTests(ITestOutputHelper output) : IAsyncLifetime
{
    // About 47 contacts per newsletter shard, so each shard's stretch (at most 8 batches, each
    // waiting for the rate) is short: a stretch runs to its end before its shard's activation goes.
    private const int Contacts = 3_000;
    private const int Rate = 200;

    /// <summary>The silo's shutdown budget (<c>Shutdown:Timeout</c>); the test allows a little more before it calls the stop a hang.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Dictionary<string, string> SiloEnvironment() => _cluster.SiloEnvironment("shutdown-test", new Dictionary<string, string>
    {
        ["Shutdown__Timeout"] = ShutdownTimeout.ToString(),
        ["Logging__LogLevel__OrleansSms.Silo.Hosting.GracefulShutdown"] = "Information",

        // What Instasent could not take yet is resent, and a newsletter shard resumed, within seconds.
        ["ClusterTuning__Reminders__MinimumReminderPeriod"] = "00:00:05",
        ["ClusterTuning__Reminders__RefreshReminderListPeriod"] = "00:00:05",
        ["Durability__ResendInterval"] = "00:00:05",
        ["Durability__ResumeInterval"] = "00:00:05",
    });

    private static HttpClient ClientOf(SiloProcess silo) => ClusterHarness.ClientOf(silo, TimeSpan.FromMinutes(2));

    /// <summary>Messages this silo's connector has handed to Instasent (its batch-size histogram's sum).</summary>
    private static async Task<double> ConnectorMessagesAsync(SiloProcess silo)
    {
        using var client = ClientOf(silo);
        return await ClusterHarness.MetricSumAsync(client, "orleanssms_connector_batch_size_sum");
    }

    private async Task<long> AcceptedBySimulatorAsync() =>
        (await _cluster.Simulator.GetFromJsonAsync<JsonElement>("/_sim/stats")).GetProperty("accepted").GetInt64();

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK
            ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone()
            : default;
    }

    [Fact]
    public async Task A_silo_stopped_with_SIGTERM_mid_newsletter_exits_cleanly_and_nothing_is_lost_or_doubled()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(_cluster.StartSiloAsync(SiloEnvironment()), _cluster.StartSiloAsync(SiloEnvironment()));
        var (survivor, leaving) = (_cluster.Silos[0], _cluster.Silos[1]);
        output.WriteLine($"two silos ready at {clock.Elapsed.TotalSeconds:F1} s");

        using var api = ClientOf(survivor);
        const string store = "shutdown";
        // The token exists at Instasent before the store pastes it: the save checks it there.
        (await _cluster.Simulator.PutAsJsonAsync("/_sim/tokens/shutdown-token", new { callbackUrl = (string?)null })).EnsureSuccessStatusCode();
        var channel = await (await api.PutAsJsonAsync($"/api/stores/{store}/sms-channel",
            new { provider = "instasent", apiToken = "shutdown-token", defaultCountry = "ES", throttlePerSecond = Rate })).ReadJsonAsync();
        (await _cluster.Simulator.PutAsJsonAsync("/_sim/tokens/shutdown-token", new { callbackUrl = channel.GetProperty("callbackUrl").GetString() })).EnsureSuccessStatusCode();

        // Every bulk call takes a while: at SIGTERM some are on the wire, more wait for the rate.
        (await _cluster.Simulator.PutAsJsonAsync("/_sim/faults", new { latencyMs = 150 })).EnsureSuccessStatusCode();

        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus\n");
        var eligible = new HashSet<string>();
        for (var i = 0; i < Contacts; i++)
        {
            var phone = $"+3463{i:D7}";
            var subscribed = i % 5 != 0;
            csv.Append(CultureInfo.InvariantCulture, $"g{i},{phone},{(subscribed ? "subscribed" : "notSubscribed")}\n");
            if (subscribed)
            {
                eligible.Add(phone);
            }
        }

        var imported = await (await api.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal(Contacts, imported.GetProperty("created").GetInt32());
        await (await api.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
        await (await api.PutRawJsonAsync($"/api/stores/{store}/workflows/news", """
            {"name":"News","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","variables":{},"next":null}]}
            """)).ReadJsonAsync();
        output.WriteLine($"{Contacts} contacts imported at {clock.Elapsed.TotalSeconds:F1} s");

        await (await api.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "news-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var runPath = $"/api/stores/{store}/workflows/news/runs/news-1";

        // Mid-run, with the leaving silo's connector among those sending: SIGTERM.
        await SendingSiloFixture.EventuallyAsync(AcceptedBySimulatorAsync, accepted => accepted >= eligible.Count / 5, "a fifth of the SMS at the simulator", seconds: 30);
        var sentByLeaving = await SendingSiloFixture.EventuallyAsync(() => ConnectorMessagesAsync(leaving), sent => sent > 0, "the leaving silo's connector to be sending", seconds: 10);
        var acceptedBefore = await AcceptedBySimulatorAsync();
        output.WriteLine($"SIGTERM at {clock.Elapsed.TotalSeconds:F1} s: {acceptedBefore} of {eligible.Count} at the simulator, {sentByLeaving} through the leaving silo");

        var stoppedIn = await leaving.TerminateAsync(ShutdownTimeout + TimeSpan.FromSeconds(10));
        var acceptedAfter = await AcceptedBySimulatorAsync();
        output.WriteLine($"the silo exited with {leaving.ExitCode} after {stoppedIn.TotalSeconds:F1} s; {acceptedAfter - acceptedBefore} SMS reached the simulator meanwhile");
        var shutdownLog = leaving.OutputLinesWith("Shutdown ");
        output.WriteLine(string.Join('\n', shutdownLog));

        // The connector finishes its batches before its activation goes: none left over for OnDeactivateAsync to hand back.
        output.WriteLine($"connector deactivations with sends still queued: {leaving.OutputLinesWith("connector deactivated").Count}");

        // A clean stop: exit code 0, within the budget, and the silo says so itself.
        Assert.Equal(0, leaving.ExitCode);
        Assert.True(stoppedIn < ShutdownTimeout, $"the stop took {stoppedIn.TotalSeconds:F1} s, over the {ShutdownTimeout.TotalSeconds} s budget");
        Assert.Contains(shutdownLog, l => l.Contains("Shutdown started", StringComparison.Ordinal));
        Assert.Contains(shutdownLog, l => l.Contains("Shutdown finished gracefully", StringComparison.Ordinal));
        Assert.DoesNotContain(shutdownLog, l => l.Contains("overran", StringComparison.Ordinal));

        // The run completes on the survivor, and the counters add up.
        var run = await SendingSiloFixture.EventuallyAsync(() => GetAsync(api, runPath),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("status").GetString() == "completed", "the run to complete on the survivor", seconds: 60);
        output.WriteLine($"completed at {clock.Elapsed.TotalSeconds:F1} s: {run}");
        Assert.Equal(Contacts, run.GetProperty("contacts").GetInt64());
        Assert.Equal(Contacts - eligible.Count, run.GetProperty("skipped").GetProperty("notSubscribed").GetInt64());
        Assert.Equal(eligible.Count, run.GetProperty("sent").GetInt64() + run.GetProperty("queued").GetInt64());
        Assert.Equal(0, run.GetProperty("failed").GetInt64());

        // Exactly one SMS per eligible contact at Instasent: none lost (what was queued is resent), none doubled.
        var perPhone = await SendingSiloFixture.EventuallyAsync(async () =>
            {
                var messages = await _cluster.Simulator.GetFromJsonAsync<List<JsonElement>>("/_sim/messages");
                return messages!.GroupBy(m => m.GetProperty("to").GetString()!).ToDictionary(g => g.Key, g => g.Count());
            },
            p => p.Count >= eligible.Count, "every eligible contact's SMS at the simulator", seconds: 60);
        var stats = await _cluster.Simulator.GetFromJsonAsync<JsonElement>("/_sim/stats");
        output.WriteLine($"all {perPhone.Count} at the simulator at {clock.Elapsed.TotalSeconds:F1} s; simulator stats {stats}");
        Assert.Equal(eligible.Count, perPhone.Count);
        Assert.True(perPhone.Keys.All(eligible.Contains), "an SMS went to a contact that was not eligible");
        Assert.All(perPhone, p => Assert.Equal(1, p.Value));
    }
}
