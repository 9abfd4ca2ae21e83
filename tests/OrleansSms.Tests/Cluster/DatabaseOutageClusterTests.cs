using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using OrleansSms.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansSms.Tests.Cluster;

/// <summary>
/// Three silo processes on PostgreSQL with its stock connection limit, a throttled newsletter and
/// a stream of events under way, and then the whole PostgreSQL server stopped for
/// <see cref="Outage"/> (<c>pg_ctlcluster stop</c>, then <c>start</c>). No silo exits, requests
/// meanwhile get 503, Instasent's callbacks are refused and retried, and when the database is
/// back everything completes: one SMS per eligible contact, one run per event.
/// </summary>
/// <remarks>
/// It stops the server every PostgreSQL test uses, so it runs alone, after the others.
/// </remarks>
[Collection(DatabaseOutageCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class DatabaseOutageClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Contacts = 2_000;
    private const int Events = 40;
    private const int Rate = 100;

    /// <summary>How long PostgreSQL stays down: the outage being simulated, not a wait for anything.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync(o =>
    {
        o.DeliveryDelay = TimeSpan.FromMilliseconds(200);
        // Instasent retries a refused report with backoff; here often enough to outlast the outage.
        o.MaxCallbackAttempts = 40;
        o.CallbackRetryMaxDelay = TimeSpan.FromSeconds(5);
    });

    public async Task DisposeAsync()
    {
        // Whatever happened, the server is up for what runs next.
        await PgCtlAsync("start");
        await _cluster.DisposeAsync();
    }

    private Dictionary<string, string> SiloEnvironment() => _cluster.SiloEnvironment("outage-test", new Dictionary<string, string>
    {
        ["ClusterTuning__Reminders__MinimumReminderPeriod"] = "00:00:05",
        ["ClusterTuning__Reminders__RefreshReminderListPeriod"] = "00:00:05",
        ["Durability__ResendInterval"] = "00:00:05",
        ["Durability__ResumeInterval"] = "00:00:05",
    });

    [Fact]
    public async Task PostgreSQL_stopped_mid_newsletter_and_events_loses_nothing_and_sends_nothing_twice()
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _cluster.StartSiloAsync(SiloEnvironment())));
        var silos = _cluster.Silos.ToArray();
        using var api = ClusterHarness.ClientOf(silos[0], TimeSpan.FromSeconds(30));
        using var events = ClusterHarness.ClientOf(silos[1], TimeSpan.FromSeconds(30));
        const string store = "outage";

        (await _cluster.Simulator.PutAsJsonAsync("/_sim/tokens/outage-token", new { callbackUrl = (string?)null })).EnsureSuccessStatusCode();
        var channel = await (await api.PutAsJsonAsync($"/api/stores/{store}/sms-channel",
            new { provider = "instasent", apiToken = "outage-token", defaultCountry = "ES", throttlePerSecond = Rate })).ReadJsonAsync();
        var callbackPath = new Uri(channel.GetProperty("callbackUrl").GetString()!).PathAndQuery;
        (await _cluster.Simulator.PutAsJsonAsync("/_sim/tokens/outage-token", new { callbackUrl = silos[2].BaseUrl + callbackPath })).EnsureSuccessStatusCode();

        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus\n");
        var eligible = new HashSet<string>();
        for (var i = 0; i < Contacts; i++)
        {
            var phone = $"+3464{i:D7}";
            var subscribed = i % 5 != 0;
            csv.Append(CultureInfo.InvariantCulture, $"o{i},{phone},{(subscribed ? "subscribed" : "notSubscribed")}\n");
            if (subscribed)
            {
                eligible.Add(phone);
            }
        }

        await (await api.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        await (await api.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
        await (await api.PutAsJsonAsync($"/api/stores/{store}/sms/thanks", new { name = "Thanks", text = "Gracias por tu pedido" })).ReadJsonAsync();
        await (await api.PutRawJsonAsync($"/api/stores/{store}/workflows/news", """
            {"name":"News","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","variables":{},"next":null}]}
            """)).ReadJsonAsync();
        await (await api.PutRawJsonAsync($"/api/stores/{store}/workflows/thanks", """
            {"name":"Thanks","trigger":{"type":"event","eventType":"purchase"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"thanks","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","variables":{},"next":null}]}
            """)).ReadJsonAsync();
        await (await api.PostAsync($"/api/stores/{store}/workflows/thanks/activate", null)).ReadJsonAsync();
        output.WriteLine($"{Contacts} contacts and two workflows at {clock.Elapsed.TotalSeconds:F1} s");

        await (await api.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "news-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        await SendingSiloFixture.EventuallyAsync(AcceptedBySimulatorAsync, accepted => accepted >= eligible.Count / 4, "a quarter of the newsletter at the simulator", seconds: 60);
        var connections = await ConnectionsAsync();
        output.WriteLine($"PostgreSQL connections of the three silos mid-newsletter: {connections}");

        // The event stream: each event posted until it is taken, as a store's backend would, through the outage.
        var eventContacts = Enumerable.Range(0, Events).Select(i => $"o{i * 5 + 1}").ToArray();
        var refusedEvents = 0;
        var stream = Task.Run(async () =>
        {
            foreach (var (contact, i) in eventContacts.Select((c, i) => (c, i)))
            {
                while (true)
                {
                    var answer = await TryPostAsync(events, $"/api/stores/{store}/events",
                        new { type = "purchase", contactId = contact, eventId = $"order-{i}" });
                    if (answer == HttpStatusCode.Accepted)
                    {
                        break;
                    }

                    Assert.True(answer is HttpStatusCode.ServiceUnavailable or null, $"an event was answered {answer}");
                    Interlocked.Increment(ref refusedEvents);
                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                }
            }
        });

        var failedCallbacksBefore = (await StatsAsync()).GetProperty("callbacks").GetProperty("failed").GetInt64();
        await PgCtlAsync("stop");
        output.WriteLine($"PostgreSQL stopped at {clock.Elapsed.TotalSeconds:F1} s");
        try
        {
            // Meanwhile a write is answered 503 with Retry-After, and no silo goes.
            var write = await api.PutAsJsonAsync($"/api/stores/{store}/contacts/o3", new { fields = new { tier = "gold" } });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
            Assert.NotNull(write.Headers.RetryAfter);
            await Task.Delay(Outage);
            Assert.All(silos, s => Assert.False(s.HasExited, "a silo exited during the outage"));
        }
        finally
        {
            await PgCtlAsync("start");
        }

        var duringOutage = (await StatsAsync()).GetProperty("callbacks").GetProperty("failed").GetInt64() - failedCallbacksBefore;
        output.WriteLine($"PostgreSQL back at {clock.Elapsed.TotalSeconds:F1} s; callbacks refused meanwhile: {duringOutage}; events refused so far: {refusedEvents}");
        Assert.True(duringOutage > 0, "no callback was refused while the database was away");

        await stream;
        var run = await SendingSiloFixture.EventuallyAsync(() => GetAsync(api, $"/api/stores/{store}/workflows/news/runs/news-1"),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("status").GetString() == "completed", "the newsletter to complete", seconds: 180);
        output.WriteLine($"completed at {clock.Elapsed.TotalSeconds:F1} s: {run}");
        Assert.Equal(Contacts, run.GetProperty("contacts").GetInt64());
        Assert.Equal(eligible.Count, run.GetProperty("sent").GetInt64() + run.GetProperty("queued").GetInt64());

        // Exactly one newsletter SMS per eligible contact, one thank-you per event.
        var eventPhones = eventContacts.Select(c => $"+3464{int.Parse(c[1..], CultureInfo.InvariantCulture):D7}").ToHashSet();
        Dictionary<(string, string), int> texts = [];
        try
        {
            texts = await SendingSiloFixture.EventuallyAsync(async () =>
                {
                    var messages = await _cluster.Simulator.GetFromJsonAsync<List<JsonElement>>("/_sim/messages");
                    return messages!.GroupBy(m => (m.GetProperty("to").GetString()!, m.GetProperty("text").GetString()!)).ToDictionary(g => g.Key, g => g.Count());
                },
                t => t.Count >= eligible.Count + Events, "every SMS at the simulator", seconds: 120);
        }
        finally
        {
            var messages = await _cluster.Simulator.GetFromJsonAsync<List<JsonElement>>("/_sim/messages");
            var got = messages!.Select(m => (m.GetProperty("to").GetString()!, m.GetProperty("text").GetString()!)).ToHashSet();
            var missingNews = eligible.Where(p => !got.Contains((p, "Novedades"))).ToList();
            var missingThanks = eventPhones.Where(p => !got.Contains((p, "Gracias por tu pedido"))).ToList();
            output.WriteLine($"at the simulator: {messages!.Count}; newsletter missing {missingNews.Count}, thanks missing {missingThanks.Count}");
            foreach (var phone in missingNews.Take(2).Concat(missingThanks.Take(2)))
            {
                var contact = $"o{int.Parse(phone[5..], CultureInfo.InvariantCulture)}";
                output.WriteLine($"{contact}: {await GetAsync(api, $"/api/stores/{store}/contacts/{contact}/sms")}");
            }
        }

        Assert.Equal(eligible.Count, texts.Keys.Count(k => k.Item2 == "Novedades"));
        Assert.All(texts, t => Assert.Equal(1, t.Value));
        var thanked = texts.Keys.Where(k => k.Item2 == "Gracias por tu pedido").Select(k => k.Item1).ToHashSet();
        Assert.Equal(eventPhones, thanked);

        // The reports refused during the outage were retried until they landed: none given up, none left.
        var callbacks = await SendingSiloFixture.EventuallyAsync(async () => (await StatsAsync()).GetProperty("callbacks"),
            c => c.GetProperty("pending").GetInt64() == 0, "every report to have reached the silos", seconds: 120);
        output.WriteLine($"callbacks {callbacks}");
        Assert.Equal(0, callbacks.GetProperty("abandoned").GetInt64());
        Assert.All(silos, s => Assert.False(s.HasExited, "a silo exited after the outage"));
        Assert.InRange(connections, 1, 3 * 16);
    }

    private async Task<long> AcceptedBySimulatorAsync() => (await StatsAsync()).GetProperty("accepted").GetInt64();

    private async Task<JsonElement> StatsAsync() => await _cluster.Simulator.GetFromJsonAsync<JsonElement>("/_sim/stats");

    /// <summary>The connections open to the cluster's database, from <c>pg_stat_activity</c>.</summary>
    private async Task<long> ConnectionsAsync()
    {
        await using var admin = new NpgsqlConnection(PostgresTestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{_cluster.Database.DatabaseName}'", admin);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<HttpStatusCode?> TryPostAsync(HttpClient client, string path, object body)
    {
        try
        {
            return (await client.PostAsJsonAsync(path, body)).StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        try
        {
            var response = await client.GetAsync(path);
            return response.StatusCode == HttpStatusCode.OK
                ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone()
                : default;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return default;
        }
    }

    /// <summary><c>pg_ctlcluster</c> on the newest local cluster (CI runs as root, as its script does).</summary>
    private static async Task PgCtlAsync(string action)
    {
        var version = (await RunAsync("pg_lsclusters", "-h")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 1 && f[1] == "main")
            .Select(f => f[0])
            .OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture))
            .Last();
        if (action == "start" && (await RunAsync("pg_lsclusters", "-h")).Contains("online", StringComparison.Ordinal))
        {
            return;
        }

        await RunAsync("pg_ctlcluster", action == "stop" ? $"{version} main stop -m fast" : $"{version} main start");
        if (action == "start")
        {
            // This process's pooled connections died with the server.
            NpgsqlConnection.ClearAllPools();
            await SendingSiloFixture.EventuallyAsync(async () =>
            {
                try
                {
                    await using var admin = new NpgsqlConnection(PostgresTestDatabase.AdminConnectionString);
                    await admin.OpenAsync();
                    return true;
                }
                catch (NpgsqlException)
                {
                    return false;
                }
            }, up => up, "PostgreSQL to accept connections again", seconds: 60);
        }
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {stderr}");
    }
}

/// <summary>Tests that stop the PostgreSQL server: alone, once every other test is done.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DatabaseOutageCollection
{
    public const string Name = "Database outage";
}
