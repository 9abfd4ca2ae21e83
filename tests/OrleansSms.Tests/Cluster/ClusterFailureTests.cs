using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansSms.Tests.Cluster;

/// <summary>
/// Three silo processes on one PostgreSQL database, one standalone simulator. A newsletter runs
/// over 20k contacts; a silo is killed with SIGKILL mid-run and another joins. The run completes
/// on the survivors and every eligible contact gets exactly one SMS.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ClusterFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Contacts = 20_000;
    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Dictionary<string, string> SiloEnvironment() => _cluster.SiloEnvironment("failure-test", new Dictionary<string, string>
    {
        // A dead silo is noticed in seconds, and the reminders that resume work tick every few seconds.
        ["ClusterTuning__Membership__ProbeTimeout"] = "00:00:01",
        ["ClusterTuning__Membership__NumMissedProbesLimit"] = "2",
        ["ClusterTuning__Membership__TableRefreshTimeout"] = "00:00:02",
        ["ClusterTuning__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["ClusterTuning__Reminders__MinimumReminderPeriod"] = "00:00:05",
        ["ClusterTuning__Reminders__RefreshReminderListPeriod"] = "00:00:05",
        ["Durability__ResendInterval"] = "00:00:05",
        ["Durability__ResumeInterval"] = "00:00:05",
    });

    private Task<SiloProcess> StartSiloAsync() => _cluster.StartSiloAsync(SiloEnvironment());

    private static HttpClient ClientOf(SiloProcess silo) => ClusterHarness.ClientOf(silo, TimeSpan.FromMinutes(5));

    /// <summary>Asks the living silos in turn: any silo serves any store.</summary>
    private async Task<JsonElement> GetFromAnyAsync(string path)
    {
        foreach (var silo in _cluster.Silos.Where(s => !s.HasExited))
        {
            try
            {
                using var client = ClientOf(silo);
                client.Timeout = TimeSpan.FromSeconds(10);
                var response = await client.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // that silo is busy or gone; try the next
            }
        }

        return default;
    }

    [Fact]
    public async Task A_newsletter_survives_a_killed_silo_and_sends_exactly_once_per_eligible_contact()
    {
        for (var i = 0; i < 3; i++)
        {
            await StartSiloAsync();
        }

        using var api = ClientOf(_cluster.Silos[0]);
        const string store = "failover";
        // Throttled so the run outlasts the kill and the join by a good margin: the new silo must
        // find work left to take (16k eligible at 400/s is about 40 s of sending).
        // The token exists at Instasent before the store pastes it: the save checks it there.
        (await _cluster.Simulator.PutAsJsonAsync("/_sim/tokens/failover-token", new { callbackUrl = (string?)null })).EnsureSuccessStatusCode();
        var channel = await (await api.PutAsJsonAsync($"/api/stores/{store}/sms-channel",
            new { provider = "instasent", apiToken = "failover-token", defaultCountry = "ES", throttlePerSecond = 400 })).ReadJsonAsync();
        (await _cluster.Simulator.PutAsJsonAsync("/_sim/tokens/failover-token", new { callbackUrl = channel.GetProperty("callbackUrl").GetString() })).EnsureSuccessStatusCode();

        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus\n");
        var eligible = new HashSet<string>();
        for (var i = 0; i < Contacts; i++)
        {
            var phone = $"+3461{i:D7}";
            var subscribed = i % 5 != 0;
            csv.Append($"k{i},{phone},{(subscribed ? "subscribed" : "notSubscribed")}\n");
            if (subscribed)
            {
                eligible.Add(phone);
            }
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var imported = await (await api.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        output.WriteLine($"imported {Contacts} contacts in {clock.Elapsed.TotalSeconds:F1} s: {imported.ToString()[..Math.Min(600, imported.ToString().Length)]}");
        if (imported.GetProperty("created").GetInt32() != Contacts)
        {
            output.WriteLine(string.Join("\n----\n", _cluster.Silos.Select(s => s.RecentOutput)));
        }

        Assert.Equal(Contacts, imported.GetProperty("created").GetInt32());

        await (await api.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
        await (await api.PutRawJsonAsync($"/api/stores/{store}/workflows/news", """
            {"name":"News","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","variables":{},"next":null}]}
            """)).ReadJsonAsync();

        clock.Restart();
        await (await api.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "news-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var runPath = $"/api/stores/{store}/workflows/news/runs/news-1";

        // Mid-run: kill one silo outright, then add a fresh one.
        await SendingSiloFixture.EventuallyAsync(() => GetFromAnyAsync(runPath),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("contacts").GetInt64() >= Contacts / 5, "a fifth of the run", seconds: 120);
        await _cluster.Silos[2].KillAsync();
        output.WriteLine($"killed a silo at {clock.Elapsed.TotalSeconds:F1} s");
        var joined = await StartSiloAsync();
        output.WriteLine($"a new silo joined at {clock.Elapsed.TotalSeconds:F1} s");

        var run = await SendingSiloFixture.EventuallyAsync(() => GetFromAnyAsync(runPath),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("status").GetString() == "completed", "the run to complete on the survivors", seconds: 300);
        output.WriteLine($"completed at {clock.Elapsed.TotalSeconds:F1} s: {run}");

        // The counters add up.
        Assert.Equal(Contacts, run.GetProperty("contacts").GetInt64());
        Assert.Equal(Contacts - eligible.Count, run.GetProperty("skipped").GetProperty("notSubscribed").GetInt64());
        Assert.Equal(eligible.Count, run.GetProperty("sent").GetInt64() + run.GetProperty("queued").GetInt64());
        Assert.Equal(0, run.GetProperty("failed").GetInt64());

        // The silo that joined mid-run took a share: contacts (and shards) that lived on the dead
        // silo were reactivated on it, and its own connector sent their SMS.
        var sentByJoiner = await SentCountAsync(joined);
        output.WriteLine($"the joined silo sent {sentByJoiner} SMS");
        Assert.True(sentByJoiner > 0, "the silo that joined mid-run sent nothing");

        // Messages queued by the crash are resent by their contacts; then every eligible contact has exactly one.
        var perPhone = await SendingSiloFixture.EventuallyAsync(async () =>
            {
                var messages = await _cluster.Simulator.GetFromJsonAsync<List<JsonElement>>("/_sim/messages");
                return messages!.GroupBy(m => m.GetProperty("to").GetString()!).ToDictionary(g => g.Key, g => g.Count());
            },
            p => p.Count >= eligible.Count, "every eligible contact's SMS at the simulator", seconds: 180);
        Assert.Equal(eligible.Count, perPhone.Count);
        Assert.True(perPhone.Keys.All(eligible.Contains), "an SMS went to a contact that was not eligible");
        Assert.All(perPhone, p => Assert.Equal(1, p.Value));
    }

    /// <summary>The silo's own count of SMS Instasent accepted (its Prometheus scrape, all kinds).</summary>
    private static async Task<double> SentCountAsync(SiloProcess silo)
    {
        using var client = ClusterHarness.ClientOf(silo, TimeSpan.FromSeconds(30));
        return await ClusterHarness.MetricSumAsync(client, "orleanssms_sms_sent_total");
    }
}
