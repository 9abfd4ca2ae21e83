using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansSms.Tests.Cluster;

/// <summary>
/// Three silo processes on one PostgreSQL database, one standalone simulator, one store with a
/// throttle of <see cref="Rate"/> messages/s. Sends arrive on all three silos at once, so every
/// silo's connector sends; the simulator's clock then shows the store's rate held cluster-wide.
/// </summary>
[Trait("Category", "Postgres")]
[Collection(ClusterTimingCollection.Name)]
public sealed class ClusterThrottleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rate = 100;
    private const int Messages = 1_800;

    // What the issue allows in any one second at Instasent: 1.1 R.
    private const int Ceiling = Rate * 11 / 10;

    // Enough in flight that the limiter, not the pipeline, sets the pace: about 1.2 s of backlog
    // at the limiter, so a short stall upstream does not leave the connectors idle.
    private const int InFlightPerSilo = 40;

    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Dictionary<string, string> SiloEnvironment() => _cluster.SiloEnvironment("throttle-test");

    private static HttpClient ClientOf(SiloProcess silo) => ClusterHarness.ClientOf(silo, TimeSpan.FromMinutes(2));

    /// <summary>Messages this silo's connector has handed to Instasent (its batch-size histogram's sum).</summary>
    private static Task<double> ConnectorMessagesAsync(HttpClient silo) =>
        ClusterHarness.MetricSumAsync(silo, "orleanssms_connector_batch_size_sum");

    [Fact]
    public async Task One_store_sending_through_three_silos_keeps_to_its_rate_in_every_second()
    {
        for (var i = 0; i < 3; i++)
        {
            await _cluster.StartSiloAsync(SiloEnvironment());
        }

        var clients = _cluster.Silos.Select(ClientOf).ToArray();
        try
        {
            var api = clients[0];
            const string store = "throttled";
            // The token exists at Instasent before the store pastes it: the save checks it there.
            (await _cluster.Simulator.PutAsJsonAsync("/_sim/tokens/throttle-token", new { callbackUrl = (string?)null })).EnsureSuccessStatusCode();
            var channel = await (await api.PutAsJsonAsync($"/api/stores/{store}/sms-channel",
                new { provider = "instasent", apiToken = "throttle-token", defaultCountry = "ES", throttlePerSecond = Rate })).ReadJsonAsync();
            (await _cluster.Simulator.PutAsJsonAsync("/_sim/tokens/throttle-token", new { callbackUrl = channel.GetProperty("callbackUrl").GetString() })).EnsureSuccessStatusCode();

            var csv = new StringBuilder("contactId,_mobilePhone\n");
            var phones = new HashSet<string>();
            for (var i = 0; i < Messages; i++)
            {
                var phone = $"+3462{i:D7}";
                csv.Append($"t{i},{phone}\n");
                phones.Add(phone);
            }

            var imported = await (await api.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
            Assert.Equal(Messages, imported.GetProperty("created").GetInt32());

            // Each worker posts through one silo, the workers spread evenly: all three silos send at once.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var next = -1;
            var statuses = new string?[Messages];
            await Task.WhenAll(Enumerable.Range(0, InFlightPerSilo * clients.Length).Select(async worker =>
            {
                var client = clients[worker % clients.Length];
                int i;
                while ((i = Interlocked.Increment(ref next)) < Messages)
                {
                    var sent = await (await client.PostAsJsonAsync($"/api/stores/{store}/contacts/t{i}/sms", new { text = "Paced", senderName = "MyShop" })).ReadJsonAsync();
                    statuses[i] = sent.GetProperty("status").GetString();
                }
            }));
            output.WriteLine($"{Messages} sends answered in {clock.Elapsed.TotalSeconds:F1} s");
            Assert.All(statuses, status => Assert.Equal("sent", status));

            var perSilo = new List<double>();
            foreach (var client in clients)
            {
                perSilo.Add(await ConnectorMessagesAsync(client));
            }

            output.WriteLine($"messages per silo's connector: {string.Join(", ", perSilo)}");
            Assert.Equal(Messages, perSilo.Sum());
            Assert.All(perSilo, count => Assert.True(count >= Messages / 20, "a silo's connector sent (almost) nothing: the test would not be cross-silo"));

            // Exactly once per contact.
            var messages = await _cluster.Simulator.GetFromJsonAsync<List<JsonElement>>("/_sim/messages");
            var perPhone = messages!.GroupBy(m => m.GetProperty("to").GetString()!).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(phones.Count, perPhone.Count);
            Assert.True(perPhone.Keys.All(phones.Contains), "an SMS went to a number not imported");
            Assert.All(perPhone, p => Assert.Equal(1, p.Value));

            var times = messages!.Select(m => m.GetProperty("receivedAt").GetDateTimeOffset()).Order().ToArray();
            var second = TimeSpan.FromSeconds(1);

            // Overall rate over the steady part: the first second (ramp-up) dropped, then the
            // messages in [first, last) over (last - first), half-open as the limiter counts.
            var steady = times.Where(t => t >= times[0] + second).ToArray();
            var rate = steady.Count(t => t < steady[^1]) / (steady[^1] - steady[0]).TotalSeconds;

            // Busiest one-second window: sliding, half-open [t, t + 1 s), starting at every
            // message (the busiest window always starts at one), over the whole run.
            var busiest = 0;
            var busiestAt = times[0];
            for (int start = 0, end = 0; start < times.Length; start++)
            {
                while (end < times.Length && times[end] < times[start] + second)
                {
                    end++;
                }

                if (end - start > busiest)
                {
                    busiest = end - start;
                    busiestAt = times[start];
                }
            }

            var fixedWindows = times.GroupBy(t => (int)((t - times[0]) / second)).Select(g => g.Count()).ToArray();
            output.WriteLine($"span {(times[^1] - times[0]).TotalSeconds:F2} s; steady rate {rate:F1}/s (R = {Rate}); " +
                $"busiest sliding second {busiest} at +{(busiestAt - times[0]).TotalSeconds:F2} s; fixed seconds: {string.Join(' ', fixedWindows)}");

            // The guarantee is the ceiling; how close the cluster comes to it depends on the
            // machine (a stalled second on a busy box), so only the upper side is asserted and
            // the throughput is measured by the load tool (docs/benchmarks.md).
            Assert.True(rate <= Rate * 1.1, $"steady rate {rate:F1}/s above {Rate} × 1.1");
            Assert.True(busiest <= Ceiling, $"{busiest} messages within one second (limit {Ceiling})");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>Tests that measure time: run alone, once the tests that run in parallel are done, so another test's load is not what they measure.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterTimingCollection
{
    public const string Name = "Cluster timing";
}
