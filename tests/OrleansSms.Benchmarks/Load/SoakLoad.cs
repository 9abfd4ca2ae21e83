using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansSms.Benchmarks.Workflows;

namespace OrleansSms.Benchmarks.Load;

/// <summary>
/// <c>soak [--minutes 30] [--storage memory|postgres] [--sample-seconds 30] [--events-per-second 20]
/// [--contacts 5000] [--newsletter-minutes 5] [--import-minutes 3] [--fault-rate 0.05]
/// [--duplicate-report-rate 0.1] [--postgres "conn"]</c>: one silo process and a standalone simulator
/// (delivery reports on, a share of them posted twice), mixed traffic for the whole time: purchase
/// events at a steady rate (each a transactional SMS), a newsletter over every contact every few
/// minutes, a re-import of a slice of the contacts every few minutes, and Instasent faults (429s,
/// 500s and 503s at the given rate between them). Every sample prints the silo's RSS, activations,
/// threads and error-log lines; the end prints the first and last sample and the totals. Exit
/// code 1 when the silo logged any error line or an event was refused. Every process it started
/// is ended whatever happens (see <see cref="ChildProcess"/>).
/// </summary>
internal static class SoakLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = double.Parse(WorkflowBench.Option(args, "--minutes") ?? "30", CultureInfo.InvariantCulture);
        var storage = WorkflowBench.Option(args, "--storage") ?? "memory";
        var sampleEvery = TimeSpan.FromSeconds(double.Parse(WorkflowBench.Option(args, "--sample-seconds") ?? "30", CultureInfo.InvariantCulture));
        var eventsPerSecond = double.Parse(WorkflowBench.Option(args, "--events-per-second") ?? "20", CultureInfo.InvariantCulture);
        var contacts = int.Parse(WorkflowBench.Option(args, "--contacts") ?? "5000", CultureInfo.InvariantCulture);
        var newsletterEvery = TimeSpan.FromMinutes(double.Parse(WorkflowBench.Option(args, "--newsletter-minutes") ?? "5", CultureInfo.InvariantCulture));
        var importEvery = TimeSpan.FromMinutes(double.Parse(WorkflowBench.Option(args, "--import-minutes") ?? "3", CultureInfo.InvariantCulture));
        var faultRate = double.Parse(WorkflowBench.Option(args, "--fault-rate") ?? "0.05", CultureInfo.InvariantCulture);
        var duplicateRate = double.Parse(WorkflowBench.Option(args, "--duplicate-report-rate") ?? "0.1", CultureInfo.InvariantCulture);
        var postgres = WorkflowBench.Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("ORLEANSSMS_TEST_POSTGRES") ?? WorkflowBench.DefaultPostgres;

        await using var bench = await WorkflowBench.StartAsync(storage, postgres, deliveryDelayMs: 200, duplicateRate, standaloneSimulator: true);
        Console.WriteLine($"silo_pid={bench.Silo.Pid} simulator={bench.SimulatorUrl} storage={storage} minutes={minutes} events_per_s={eventsPerSecond} contacts={contacts} fault_rate={faultRate} duplicate_report_rate={duplicateRate}");
        var store = "soak" + Guid.NewGuid().ToString("N")[..8];
        await bench.PutChannelAsync(store);
        await bench.ImportAsync(store, contacts, i => i % 10 == 0 ? "notSubscribed" : "subscribed");
        await bench.PutSmsAsync(store, "order", "Pedido {{orderId}} confirmado");
        await bench.PutSmsAsync(store, "news", "Novedades de la semana");
        await bench.PutWorkflowAsync(store, "orders", """
            {"name":"Orders","trigger":{"type":"event","eventType":"purchase"},"start":"send","nodes":[
             {"id":"send","type":"sendSms","smsId":"order","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop",
              "variables":{"orderId":{"from":"event","property":"orderId"}},"next":null}]}
            """);
        await bench.SendOkAsync(HttpMethod.Post, $"/api/stores/{store}/workflows/orders/activate");
        await bench.PutWorkflowAsync(store, "news", """
            {"name":"News","trigger":{"type":"newsletter"},"start":"send","nodes":[
             {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","variables":{},"next":null}]}
            """);

        var rate = faultRate / 3;
        (await bench.Simulator.PutAsJsonAsync("/_sim/faults", new { status429Rate = rate, status500Rate = rate, status503Rate = rate })).EnsureSuccessStatusCode();

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var counts = new Counts();
        var traffic = new[]
        {
            Task.Run(() => EventsAsync(bench, store, contacts, eventsPerSecond, counts, stop.Token)),
            Task.Run(() => EveryAsync(newsletterEvery, async n => await bench.SendOkAsync(HttpMethod.Post, $"/api/stores/{store}/workflows/news/runs", $$"""{"runId":"news-{{n}}"}"""),
                () => Interlocked.Increment(ref counts.Newsletters), counts, stop.Token)),
            Task.Run(() => EveryAsync(importEvery, async _ => await bench.ImportAsync(store, Math.Min(contacts, 2_000), i => "subscribed"),
                () => Interlocked.Increment(ref counts.Imports), counts, stop.Token)),
        };

        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        Console.WriteLine("minute  rss_MiB  activations  threads  error_lines  events_202  events_refused  newsletters  imports  simulator_accepted");
        while (!stop.IsCancellationRequested)
        {
            samples.Add(await SampleAsync(bench, clock.Elapsed, counts));
            Console.WriteLine(samples[^1]);
            try
            {
                await Task.Delay(sampleEvery, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(traffic);
        samples.Add(await SampleAsync(bench, clock.Elapsed, counts));
        Console.WriteLine(samples[^1]);
        var (first, last) = (samples[0], samples[^1]);
        Console.WriteLine($"start: rss_MiB={first.RssMiB:F0} activations={first.Activations} threads={first.Threads}; end: rss_MiB={last.RssMiB:F0} activations={last.Activations} threads={last.Threads}; " +
                          $"peak_rss_MiB={bench.Silo.PeakRssMiB():F0} error_lines={last.ErrorLines} events={counts.Accepted} refused={counts.Refused} newsletters={counts.Newsletters} imports={counts.Imports} failures={counts.Failures}");
        return last.ErrorLines == 0 && counts.Refused == 0 && counts.Failures == 0 ? 0 : 1;
    }

    private sealed class Counts
    {
        public long Accepted;
        public long Refused;
        public long Newsletters;
        public long Imports;
        public long Failures;
    }

    private sealed record Sample(TimeSpan At, double RssMiB, long Activations, long Threads, long ErrorLines, long Events, long Refused, long Newsletters, long Imports, long SimulatorAccepted)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{At.TotalMinutes,6:F1}  {RssMiB,7:F0}  {Activations,11}  {Threads,7}  {ErrorLines,11}  {Events,10}  {Refused,14}  {Newsletters,11}  {Imports,7}  {SimulatorAccepted,18}");
    }

    private static async Task<Sample> SampleAsync(WorkflowBench bench, TimeSpan at, Counts counts) => new(
        at, bench.Silo.RssMiB(), await ActivationsAsync(bench), bench.Silo.Threads(), bench.Silo.ErrorLines,
        Interlocked.Read(ref counts.Accepted), Interlocked.Read(ref counts.Refused), Interlocked.Read(ref counts.Newsletters),
        Interlocked.Read(ref counts.Imports), await bench.SimulatorAcceptedAsync());

    /// <summary>The silo's activations from its Prometheus page (Orleans' <c>orleans-catalog-activations</c>); -1 when it has none.</summary>
    private static async Task<long> ActivationsAsync(WorkflowBench bench)
    {
        var page = await bench.Api.GetStringAsync("/metrics");
        long total = -1;
        foreach (var line in page.Split('\n'))
        {
            if (line.StartsWith("orleans_catalog_activations", StringComparison.Ordinal) && !line.StartsWith("orleans_catalog_activations_", StringComparison.Ordinal) &&
                double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                total = Math.Max(total, 0) + (long)value;
            }
        }

        return total;
    }

    private static async Task EventsAsync(WorkflowBench bench, string store, int contacts, double perSecond, Counts counts, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var next = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        for (var i = 0L; !stop.IsCancellationRequested; i++)
        {
            var body = JsonSerializer.Serialize(new { type = "purchase", contactId = $"c{i % contacts + 1}", properties = new { orderId = $"o{i}" } });
            inFlight.Add(PostEventAsync(bench, store, body, counts));
            inFlight.RemoveAll(t => t.IsCompleted);
            next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop); // the offered rate, not a wait for anything
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await Task.WhenAll(inFlight);
    }

    private static async Task PostEventAsync(WorkflowBench bench, string store, string body, Counts counts)
    {
        try
        {
            using var response = await bench.Api.PostAsync($"/api/stores/{store}/events", new StringContent(body, Encoding.UTF8, "application/json"));
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref counts.Accepted);
            }
            else
            {
                Interlocked.Increment(ref counts.Refused);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref counts.Refused);
        }
    }

    private static async Task EveryAsync(TimeSpan period, Func<int, Task> action, Action done, Counts counts, CancellationToken stop)
    {
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            try
            {
                await action(n);
                done();
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref counts.Failures);
                Console.Error.WriteLine($"soak: {e.Message}");
            }

            try
            {
                await Task.Delay(period, stop); // the traffic's schedule
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
