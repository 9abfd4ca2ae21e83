using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OrleansSms.Benchmarks.Load;

namespace OrleansSms.Benchmarks.Workflows;

/// <summary>
/// <c>overload --storage memory|postgres [--rate 20000] [--seconds 20] [--contacts 2000]
/// [--permit-limit N] [--queue-limit N] [--retry-after-seconds N] [--delivery-delay-ms 200]
/// [--postgres "conn"] [--connections 4096] [--max-load 2.5] [--max-wait-minutes 10]
/// [--standalone-simulator]</c>: the silo and workflow of <c>events</c> (K contacts, one
/// event workflow sending a transactional SMS per <c>purchase</c>), then <c>purchase</c> events
/// offered OPEN LOOP at a rate meant to be far above what the silo serves: event i is sent at
/// t0 + i / rate whatever has answered. Admission control (<c>Admission__*</c>; the silo's
/// defaults unless given) answers what it cannot take 503 with <c>Retry-After</c>; nothing is
/// retried. Reports, per second of planned time, offered, admitted (202), rejected (503) and
/// other answers, the silo's RSS, and the latency of admitted and of rejected requests
/// (p50/p99, from the planned time and from the actual send).
/// </summary>
internal static class OverloadLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var storage = WorkflowBench.Option(args, "--storage") ?? "memory";
        var rate = double.Parse(WorkflowBench.Option(args, "--rate") ?? "20000", CultureInfo.InvariantCulture);
        var seconds = double.Parse(WorkflowBench.Option(args, "--seconds") ?? "20", CultureInfo.InvariantCulture);
        var contacts = int.Parse(WorkflowBench.Option(args, "--contacts") ?? "2000", CultureInfo.InvariantCulture);
        var deliveryDelayMs = int.Parse(WorkflowBench.Option(args, "--delivery-delay-ms") ?? "200", CultureInfo.InvariantCulture);
        var connections = int.Parse(WorkflowBench.Option(args, "--connections") ?? "4096", CultureInfo.InvariantCulture);
        var postgres = WorkflowBench.Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("ORLEANSSMS_TEST_POSTGRES") ?? WorkflowBench.DefaultPostgres;
        var maxLoad = double.Parse(WorkflowBench.Option(args, "--max-load") ?? "2.5", CultureInfo.InvariantCulture);
        var maxWait = TimeSpan.FromMinutes(double.Parse(WorkflowBench.Option(args, "--max-wait-minutes") ?? "10", CultureInfo.InvariantCulture));
        var standaloneSimulator = args.Contains("--standalone-simulator");

        var environment = new Dictionary<string, string>();
        foreach (var (option, key) in new[]
        {
            ("--permit-limit", "Admission__PermitLimit"),
            ("--queue-limit", "Admission__QueueLimit"),
            ("--retry-after-seconds", "Admission__RetryAfterSeconds"),
        })
        {
            if (WorkflowBench.Option(args, option) is { } value)
            {
                environment[key] = value;
            }
        }

        await using var bench = await WorkflowBench.StartAsync(storage, postgres, deliveryDelayMs, duplicateReportRate: 0.02, environment, standaloneSimulator);
        Console.WriteLine($"silo_pid={bench.Silo.Pid} simulator={bench.SimulatorUrl} admission={(environment.Count == 0 ? "defaults" : string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}")))}");
        var store = "ov" + Guid.NewGuid().ToString("N")[..8];
        await bench.PutChannelAsync(store);
        var (created, _, _) = await bench.ImportAsync(store, contacts, _ => "subscribed");
        if (created != contacts)
        {
            Console.WriteLine($"FAIL: imported {created} of {contacts} contacts");
            return 1;
        }

        await bench.PutSmsAsync(store, "order", "Pedido {{orderId}} confirmado. Gracias {{firstName}}");
        await bench.PutWorkflowAsync(store, "orders", """
            {"name":"Order confirmation","trigger":{"type":"event","eventType":"purchase"},"start":"confirm","nodes":[
             {"id":"confirm","type":"sendSms","smsId":"order","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop",
              "variables":{"firstName":{"from":"contact","field":"firstName","fallback":"cliente"},"orderId":{"from":"event","property":"orderId"}},"next":null}]}
            """);
        await bench.SendOkAsync(HttpMethod.Post, $"/api/stores/{store}/workflows/orders/activate");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseCookies = false,
            UseProxy = false,
        })
        {
            BaseAddress = new Uri(bench.Silo.BaseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SiloProcess.ApiKey);
        var path = new Uri($"/api/stores/{store}/events", UriKind.Relative);

        var load = await WorkflowBench.WaitForQuietHostAsync(maxLoad, maxWait);
        var count = (int)Math.Round(rate * seconds);
        var run = new Run(count);
        var bodies = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            bodies[i] = JsonSerializer.SerializeToUtf8Bytes(new
            {
                type = "purchase",
                contactId = $"c{i % contacts + 1}",
                properties = new { orderId = string.Create(CultureInfo.InvariantCulture, $"O{i:D7}") },
            });
        }

        // The silo's memory each second while the load runs.
        var rss = new List<double>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false))
            {
                rss.Add(bench.Silo.RssMiB());
            }
        });

        var tasks = new Task[count];
        var interval = Stopwatch.Frequency / rate;
        var scheduler = new Thread(() =>
        {
            var start = Stopwatch.GetTimestamp();
            run.Start = start;
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                long now;
                while ((now = Stopwatch.GetTimestamp()) < due)
                {
                    if (due - now > Stopwatch.Frequency * 3 / 2000)
                    {
                        Task.Delay(1).Wait();
                    }
                    else
                    {
                        Thread.Yield();
                    }
                }

                run.Planned[i] = due;
                tasks[i] = SendAsync(http, path, bodies[i], run, i);
            }
        })
        { IsBackground = true, Name = "open-loop scheduler", Priority = ThreadPriority.AboveNormal };
        var cpuWindow = new WorkflowBench.CpuWindow(bench.Silo);
        scheduler.Start();
        await Task.Run(scheduler.Join);
        await Task.WhenAll(tasks);
        cpuWindow.Stop();
        await sampling.CancelAsync();
        await sampler.ContinueWith(_ => { }, TaskScheduler.Default);

        Console.WriteLine($"storage={storage} rate={rate:F0}/s seconds={seconds:F0} contacts={contacts} connections={connections} host_load_avg_1m_before={load:F2}");
        Console.WriteLine("second offered admitted rejected other errors admitted_p50_ms admitted_p99_ms");
        var perSecond = Enumerable.Range(0, count).GroupBy(i => (int)((run.Planned[i] - run.Start) / Stopwatch.Frequency)).OrderBy(g => g.Key);
        foreach (var second in perSecond)
        {
            var admitted = Sorted(second.Where(i => run.Status[i] == 202), i => run.Answered[i] - run.Planned[i]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{second.Key,6} {second.Count(),7} {admitted.Count,8} {second.Count(i => run.Status[i] == 503),8} {second.Count(i => run.Status[i] is not (202 or 503 or -1)),5} {second.Count(i => run.Status[i] == -1),6} {Percentile(admitted, 0.50),15:F1} {Percentile(admitted, 0.99),15:F1}"));
        }

        var all = Enumerable.Range(0, count).ToArray();
        var admittedPlanned = Sorted(all.Where(i => run.Status[i] == 202), i => run.Answered[i] - run.Planned[i]);
        var admittedSent = Sorted(all.Where(i => run.Status[i] == 202), i => run.Answered[i] - run.Sent[i]);
        var rejectedSent = Sorted(all.Where(i => run.Status[i] == 503), i => run.Answered[i] - run.Sent[i]);
        var retryAfter = run.RetryAfter.Where(r => r > 0).Distinct().Order().ToArray();
        Console.WriteLine($"total offered={count} admitted={admittedPlanned.Count} rejected={rejectedSent.Count} other={all.Count(i => run.Status[i] is not (202 or 503 or -1))} errors={all.Count(i => run.Status[i] == -1)} " +
                          $"retry_after_s={string.Join(',', retryAfter)} max_in_flight={run.MaxInFlight}");
        Console.WriteLine($"admitted_ms (from planned) p50={Percentile(admittedPlanned, 0.50):F1} p99={Percentile(admittedPlanned, 0.99):F1} max={(admittedPlanned.Count > 0 ? admittedPlanned[^1] : 0):F1}; " +
                          $"(from send) p50={Percentile(admittedSent, 0.50):F1} p99={Percentile(admittedSent, 0.99):F1}");
        Console.WriteLine($"rejected_ms (from send) p50={Percentile(rejectedSent, 0.50):F1} p99={Percentile(rejectedSent, 0.99):F1}");
        Console.WriteLine($"silo_rss_MiB per_second=[{string.Join(' ', rss.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}] peak={bench.Silo.PeakRssMiB():F0}; {cpuWindow.Describe((run.Answered.Max() - run.Start) / (double)Stopwatch.Frequency)}");

        // Overload works when it is answered: every request got 202 or 503, none failed or hung.
        return all.All(i => run.Status[i] is 202 or 503) ? 0 : 1;
    }

    private static async Task SendAsync(HttpClient http, Uri path, byte[] body, Run run, int i)
    {
        run.Sent[i] = Stopwatch.GetTimestamp();
        run.EnterFlight();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            run.Answered[i] = Stopwatch.GetTimestamp();
            run.Status[i] = (int)response.StatusCode;
            run.RetryAfter[i] = (int)(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            run.Answered[i] = Stopwatch.GetTimestamp();
            run.Status[i] = -1;
        }
        finally
        {
            run.LeaveFlight();
        }
    }

    private static List<double> Sorted(IEnumerable<int> requests, Func<int, long> ticks)
    {
        var list = requests.Select(i => ticks(i) * 1000.0 / Stopwatch.Frequency).ToList();
        list.Sort();
        return list;
    }

    private static double Percentile(List<double> sorted, double fraction) =>
        sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Max(0, Math.Ceiling(fraction * sorted.Count) - 1))];

    /// <summary>Per-request timestamps (Stopwatch ticks), answers and Retry-After.</summary>
    private sealed class Run(int count)
    {
        private int _inFlight;
        private int _maxInFlight;

        public long Start { get; set; }

        public long[] Planned { get; } = new long[count];

        public long[] Sent { get; } = new long[count];

        public long[] Answered { get; } = new long[count];

        public int[] Status { get; } = new int[count];

        public int[] RetryAfter { get; } = new int[count];

        public int MaxInFlight => _maxInFlight;

        public void EnterFlight()
        {
            var now = Interlocked.Increment(ref _inFlight);
            int max;
            while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
            {
            }
        }

        public void LeaveFlight() => Interlocked.Decrement(ref _inFlight);
    }
}
