using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

/// <summary>
/// Not an assertion of speed: measures how fast the simulator accepts bulk sends and writes the
/// rate to the test output. 8 concurrent clients × bulks of 100; 40 000 messages by default, set
/// SIMULATOR_THROUGHPUT_MESSAGES (e.g. 200000) for a longer run. See it with
/// <c>dotnet test tests/OrleansSms.Simulator.Tests --filter ThroughputMeasurement --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class ThroughputMeasurement(ITestOutputHelper output)
{
    private const int Clients = 8;
    private const int BulkSize = 100;

    [Fact]
    public async Task Bulk_acceptance_rate()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("SIMULATOR_THROUGHPUT_MESSAGES"), out var n) ? n : 40_000;
        var requests = total / BulkSize;
        await using var sim = await StartAsync(o =>
        {
            o.DeliveryDelay = TimeSpan.FromMilliseconds(200);
            o.DuplicateReportRate = 0.02;
        });

        // Bodies built before timing: the measurement is of the simulator, not of the client.
        var bodies = new byte[requests][];
        for (var r = 0; r < requests; r++)
        {
            var sb = new StringBuilder("[");
            for (var i = 0; i < BulkSize; i++)
            {
                var k = (r * BulkSize) + i;
                sb.Append(i == 0 ? "" : ",")
                  .Append("{\"from\":\"MyShop\",\"to\":\"+346").Append(k.ToString("D8"))
                  .Append("\",\"text\":\"Rebajas de invierno: 20% en todo con el código INVIERNO. Baja: responde STOP\",\"clientId\":\"s1:c")
                  .Append(k).Append(":r1\",\"allowUnicode\":false}");
            }

            bodies[r] = Encoding.UTF8.GetBytes(sb.Append(']').ToString());
        }

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients, UseProxy = false };
        using var client = new HttpClient(handler) { BaseAddress = sim.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        async Task<int> SendAsync(int r)
        {
            using var content = new ByteArrayContent(bodies[r]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("/transactional/v1/sms/bulk", content);
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode == HttpStatusCode.Created ? 1 : 0;
        }

        // Warm up (JIT, connections), then reset.
        await Task.WhenAll(Enumerable.Range(0, Math.Min(Clients, requests)).Select(SendAsync));
        await sim.Anonymous.DeleteAsync("/_sim/messages");

        var next = -1;
        var failures = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int r;
            while ((r = Interlocked.Increment(ref next)) < requests)
            {
                if (await SendAsync(r) == 0)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        watch.Stop();

        var stored = (await sim.StatsAsync()).Stored;
        var rate = stored / watch.Elapsed.TotalSeconds;
        output.WriteLine($"Simulator bulk acceptance: {stored} messages in {watch.Elapsed.TotalSeconds:F2} s = {rate:N0} msg/s " +
            $"({Clients} clients x bulk {BulkSize}, {Environment.ProcessorCount} cores, {failures} failed requests)");
        Assert.Equal(0, failures);
        Assert.Equal(requests * BulkSize, stored);
    }

    [Fact]
    public async Task Delivery_report_rate()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("SIMULATOR_THROUGHPUT_REPORTS"), out var n) ? n : 20_000;
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(o =>
        {
            o.DeliveryDelay = TimeSpan.Zero;
            o.CallbackConcurrency = 32;
        }, receiver.Url);

        var watch = Stopwatch.StartNew();
        for (var r = 0; r < total / BulkSize; r++)
        {
            var (response, _) = await PostAsyncFor(sim, r);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await Eventually.UntilAsync(() => receiver.Received.Count >= total, TimeSpan.FromMinutes(2), "all reports");
        watch.Stop();
        output.WriteLine($"Simulator delivery reports: {total} posted and answered in {watch.Elapsed.TotalSeconds:F2} s = " +
            $"{total / watch.Elapsed.TotalSeconds:N0} reports/s (32 workers, receiver in the same process)");
    }

    private static Task<(HttpResponseMessage Response, System.Text.Json.Nodes.JsonNode? Body)> PostAsyncFor(SimulatorHarness sim, int r) =>
        sim.PostAsync("/transactional/v1/sms/bulk",
            Enumerable.Range(0, BulkSize).Select(i => Sms("+346" + ((r * BulkSize) + i).ToString("D8"), clientId: $"rep-{r}-{i}")).ToArray());
}
