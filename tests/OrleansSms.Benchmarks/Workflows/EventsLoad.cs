using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansSms.Benchmarks.Load;

namespace OrleansSms.Benchmarks.Workflows;

/// <summary>
/// <c>events --storage memory|postgres [--rate 500] [--seconds 20] [--contacts 2000]
/// [--warmup-seconds 5] [--delivery-delay-ms 200] [--postgres "conn"] [--max-load 2.5]
/// [--max-wait-minutes 10] [--perf-record file.data] [--standalone-simulator]</c>: starts a silo
/// with the bundled simulator, or with the simulator in a process of its own as Instasent is to
/// a production silo (delivery reports on by default, so callbacks load the silo as in production),
/// imports K contacts, saves and activates an event workflow (one transactional Send SMS whose
/// text carries the event's <c>orderId</c>), then fires <c>purchase</c> events OPEN LOOP: event i
/// is planned at t0 + i / rate and sent at that time whether or not earlier ones have answered
/// (a dedicated thread, fire and forget), so a slow answer cannot hold back the next request
/// (no coordinated omission). Each event has a unique orderId; afterwards every simulator
/// message is matched to its event by the orderId in its text, and event → SMS latency is the
/// simulator's <c>receivedAt</c> minus the event's PLANNED send time (both read from this
/// machine's clock). A warm-up at the same rate (other orderIds) runs first and is not counted.
/// </summary>
internal static partial class EventsLoad
{
    /// <summary>A pause after the warm-up so its tail does not spill into the measured phase.</summary>
    private static readonly TimeSpan SettleBetweenPhases = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var storage = WorkflowBench.Option(args, "--storage") ?? "memory";
        var rate = double.Parse(WorkflowBench.Option(args, "--rate") ?? "500", CultureInfo.InvariantCulture);
        var seconds = double.Parse(WorkflowBench.Option(args, "--seconds") ?? "20", CultureInfo.InvariantCulture);
        var contacts = int.Parse(WorkflowBench.Option(args, "--contacts") ?? "2000", CultureInfo.InvariantCulture);
        var warmupSeconds = double.Parse(WorkflowBench.Option(args, "--warmup-seconds") ?? "5", CultureInfo.InvariantCulture);
        var deliveryDelayMs = int.Parse(WorkflowBench.Option(args, "--delivery-delay-ms") ?? "200", CultureInfo.InvariantCulture);
        var postgres = WorkflowBench.Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("ORLEANSSMS_TEST_POSTGRES") ?? WorkflowBench.DefaultPostgres;
        var maxLoad = double.Parse(WorkflowBench.Option(args, "--max-load") ?? "2.5", CultureInfo.InvariantCulture);
        var maxWait = TimeSpan.FromMinutes(double.Parse(WorkflowBench.Option(args, "--max-wait-minutes") ?? "10", CultureInfo.InvariantCulture));
        var perfRecord = WorkflowBench.Option(args, "--perf-record");
        var standaloneSimulator = args.Contains("--standalone-simulator");

        var environment = new Dictionary<string, string>();
        if (perfRecord is not null)
        {
            environment["DOTNET_PerfMapEnabled"] = "1";
        }

        await using var bench = await WorkflowBench.StartAsync(storage, postgres, deliveryDelayMs, duplicateReportRate: 0.02, environment, standaloneSimulator);
        Console.WriteLine($"silo_pid={bench.Silo.Pid} simulator={bench.SimulatorUrl}");
        var store = "ev" + Guid.NewGuid().ToString("N")[..8];
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
            MaxConnectionsPerServer = 1024,
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

        var expectedTotal = 0;
        Phase? warmup = null;
        if (warmupSeconds > 0)
        {
            warmup = await FireAsync(http, path, "W", rate, warmupSeconds, contacts);
            expectedTotal += warmup.Count;
            await WaitForSimulatorAsync(bench, expectedTotal, TimeSpan.FromSeconds(30));
            Console.WriteLine($"warmup: events={warmup.Count} http_202={warmup.Accepted} http_p99_ms={Percentile(warmup.HttpFromPlannedMs(), 0.99):F1}");
            await Task.Delay(SettleBetweenPhases);
        }

        var load = await WorkflowBench.WaitForQuietHostAsync(maxLoad, maxWait);
        Process? perf = null;
        if (perfRecord is not null)
        {
            perf = Process.Start("perf", ["record", "-F", "499", "-g", "-p", bench.Silo.Pid.ToString(CultureInfo.InvariantCulture),
                "-o", perfRecord, "--", "sleep", seconds.ToString(CultureInfo.InvariantCulture)]);
        }

        var cpuWindow = new WorkflowBench.CpuWindow(bench.Silo);
        var simulatorCpu0 = bench.StandaloneSimulator?.CpuTime();
        var phase = await FireAsync(http, path, "M", rate, seconds, contacts);
        cpuWindow.Stop();
        var simulatorCpu = bench.StandaloneSimulator?.CpuTime() - simulatorCpu0;
        var cpu = cpuWindow.Silo;
        var loadAfter = WorkflowBench.LoadAverage();
        if (perf is not null)
        {
            await perf.WaitForExitAsync();
        }

        expectedTotal += phase.Count;
        var simulatorAccepted = await WaitForSimulatorAsync(bench, expectedTotal, TimeSpan.FromSeconds(60));

        // Match every SMS the simulator took to its event by the orderId in its text.
        var received = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var duplicates = 0;
        await using (var stream = await bench.Simulator.GetStreamAsync("/_sim/messages"))
        {
            using var messages = await JsonDocument.ParseAsync(stream);
            foreach (var message in messages.RootElement.EnumerateArray())
            {
                var match = OrderId().Match(message.GetProperty("text").GetString() ?? "");
                if (match.Success && !received.TryAdd(match.Groups[1].Value, message.GetProperty("receivedAt").GetDateTimeOffset()))
                {
                    duplicates++;
                }
            }
        }

        var latencies = new List<double>(phase.Count);
        var missing = 0;
        for (var i = 0; i < phase.Count; i++)
        {
            if (received.TryGetValue(phase.OrderIds[i], out var at))
            {
                latencies.Add((at - phase.PlannedUtc(i)).TotalMilliseconds);
            }
            else
            {
                missing++;
            }
        }

        latencies.Sort();
        var http202 = phase.HttpFromPlannedMs();
        var httpService = phase.HttpFromSendMs();
        var issueSeconds = phase.IssueSpanSeconds();
        Console.WriteLine($"storage={storage} rate={rate:F0}/s seconds={seconds:F0} contacts={contacts} delivery_reports={(deliveryDelayMs >= 3_600_000 ? "held back" : $"on after {deliveryDelayMs} ms")}");
        Console.WriteLine($"events={phase.Count} http_202={phase.Accepted} non_202={phase.Count - phase.Accepted - phase.Errors} errors={phase.Errors} " +
                          $"issued_per_s={(phase.Count - 1) / issueSeconds:F1} answered_per_s={phase.Accepted / phase.AnsweredSpanSeconds():F1} " +
                          $"max_in_flight={phase.MaxInFlight} max_issue_lag_ms={phase.MaxIssueLagMs():F2}");
        Console.WriteLine($"sms_matched={latencies.Count} missing={missing} duplicate_texts={duplicates} simulator_accepted_total={simulatorAccepted} (expected {expectedTotal})");
        Console.WriteLine($"event_to_sms_ms p50={Percentile(latencies, 0.50):F2} p90={Percentile(latencies, 0.90):F2} p99={Percentile(latencies, 0.99):F2} " +
                          $"p99.9={Percentile(latencies, 0.999):F2} max={(latencies.Count > 0 ? latencies[^1] : 0):F2} mean={(latencies.Count > 0 ? latencies.Average() : 0):F2}");
        Console.WriteLine($"http_202_ms (from planned) p50={Percentile(http202, 0.50):F2} p90={Percentile(http202, 0.90):F2} p99={Percentile(http202, 0.99):F2} max={(http202.Count > 0 ? http202[^1] : 0):F2}; " +
                          $"(from actual send) p50={Percentile(httpService, 0.50):F2} p99={Percentile(httpService, 0.99):F2}");
        Console.WriteLine($"{cpuWindow.Describe(phase.AnsweredSpanSeconds())} silo_cpu_us_per_event={cpu.TotalMicroseconds / phase.Count:F0} " +
                          $"silo_peak_rss_MiB={bench.Silo.PeakRssMiB():F0} host_load_avg_1m_before={load:F2} after={loadAfter:F2}" +
                          (simulatorCpu is { } simulated ? $" standalone_simulator_cpu_us_per_event={simulated.TotalMicroseconds / phase.Count:F0} (in other_processes)" : ""));
        return missing == 0 && phase.Accepted == phase.Count ? 0 : 1;
    }

    private static async Task<long> WaitForSimulatorAsync(WorkflowBench bench, int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long accepted;
        while ((accepted = await bench.SimulatorAcceptedAsync()) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(WorkflowBench.PollInterval);
        }

        return accepted;
    }

    /// <summary>Fires <c>rate × seconds</c> events at their planned times from a dedicated thread; returns when all have answered.</summary>
    private static async Task<Phase> FireAsync(HttpClient http, Uri path, string prefix, double rate, double seconds, int contacts)
    {
        var count = (int)Math.Round(rate * seconds);
        var phase = new Phase(count, prefix);
        var bodies = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            bodies[i] = JsonSerializer.SerializeToUtf8Bytes(new
            {
                type = "purchase",
                contactId = $"c{i % contacts + 1}",
                properties = new { orderId = phase.OrderIds[i] },
            });
        }

        var tasks = new Task[count];
        var interval = Stopwatch.Frequency / rate;
        var scheduler = new Thread(() =>
        {
            // Sleep to each planned time (Linux sleeps ~1 ms granular; lateness counts against the
            // measured latency, which starts at the planned time) and never wait for an answer.
            var start = Stopwatch.GetTimestamp();
            phase.Start(start);
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                long now;
                while ((now = Stopwatch.GetTimestamp()) < due)
                {
                    // Block while the next send is more than a timer tick away, yield for the rest:
                    // spinning the whole interval took a core from the silo under test.
                    if (due - now > SleepableTicks)
                    {
                        Task.Delay(1).Wait();
                    }
                    else
                    {
                        Thread.Yield();
                    }
                }

                phase.Planned[i] = due;
                tasks[i] = SendAsync(http, path, bodies[i], phase, i);
            }
        })
        { IsBackground = true, Name = "open-loop scheduler", Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        await Task.Run(scheduler.Join);
        await Task.WhenAll(tasks);
        return phase;
    }

    /// <summary>1.5 ms: a 1 ms timer wait on Linux returns after 1.0–1.2 ms.</summary>
    private static readonly long SleepableTicks = Stopwatch.Frequency * 3 / 2000;

    private static async Task SendAsync(HttpClient http, Uri path, byte[] body, Phase phase, int i)
    {
        phase.Sent[i] = Stopwatch.GetTimestamp();
        phase.EnterFlight();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            phase.Answered[i] = Stopwatch.GetTimestamp();
            phase.Status[i] = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            phase.Answered[i] = Stopwatch.GetTimestamp();
            phase.Status[i] = -1;
        }
        finally
        {
            phase.LeaveFlight();
        }
    }

    private static double Percentile(List<double> sorted, double fraction) =>
        sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Max(0, Math.Ceiling(fraction * sorted.Count) - 1))];

    [GeneratedRegex(@"Pedido (\S+) confirmado")]
    private static partial Regex OrderId();

    /// <summary>Per-event timestamps of one phase (Stopwatch ticks) and a UTC anchor to turn them into wall-clock times.</summary>
    private sealed class Phase
    {
        private long _startTicks;
        private DateTimeOffset _startUtc;
        private int _inFlight;
        private int _maxInFlight;

        public Phase(int count, string prefix)
        {
            Count = count;
            var run = Guid.NewGuid().ToString("N")[..6];
            OrderIds = new string[count];
            for (var i = 0; i < count; i++)
            {
                OrderIds[i] = string.Create(CultureInfo.InvariantCulture, $"{prefix}{run}-{i:D6}");
            }

            Planned = new long[count];
            Sent = new long[count];
            Answered = new long[count];
            Status = new int[count];
        }

        public int Count { get; }

        public string[] OrderIds { get; }

        public long[] Planned { get; }

        public long[] Sent { get; }

        public long[] Answered { get; }

        public int[] Status { get; }

        public int MaxInFlight => _maxInFlight;

        public int Accepted => Status.Count(s => s == 202);

        public int Errors => Status.Count(s => s == -1);

        public void Start(long startTicks)
        {
            // The same instant on both clocks: planned ticks map to UTC with this anchor.
            _startUtc = DateTimeOffset.UtcNow;
            _startTicks = startTicks;
        }

        public DateTimeOffset PlannedUtc(int i) =>
            _startUtc + TimeSpan.FromSeconds((Planned[i] - _startTicks) / (double)Stopwatch.Frequency);

        public void EnterFlight()
        {
            var now = Interlocked.Increment(ref _inFlight);
            int max;
            while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
            {
            }
        }

        public void LeaveFlight() => Interlocked.Decrement(ref _inFlight);

        public List<double> HttpFromPlannedMs() => Sorted(i => Answered[i] - Planned[i]);

        public List<double> HttpFromSendMs() => Sorted(i => Answered[i] - Sent[i]);

        public double MaxIssueLagMs() => Enumerable.Range(0, Count).Max(i => (Sent[i] - Planned[i]) * 1000.0 / Stopwatch.Frequency);

        public double IssueSpanSeconds() => (Sent[^1] - Sent[0]) / (double)Stopwatch.Frequency;

        public double AnsweredSpanSeconds() => (Answered.Max() - Planned[0]) / (double)Stopwatch.Frequency;

        private List<double> Sorted(Func<int, long> ticks)
        {
            var list = new List<double>(Count);
            for (var i = 0; i < Count; i++)
            {
                if (Status[i] == 202)
                {
                    list.Add(ticks(i) * 1000.0 / Stopwatch.Frequency);
                }
            }

            list.Sort();
            return list;
        }
    }
}
