using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using OrleansSms.Benchmarks.Load;
using OrleansSms.Benchmarks.Workflows;
using OrleansSms.InstasentSimulator;

namespace OrleansSms.Benchmarks.Throttle;

/// <summary>
/// <c>throttle [--rate 500] [--seconds 30] [--silos 3] [--postgres "conn"] [--in-flight N]
/// [--max-load L] [--max-wait-minutes 10]</c>: throttle accuracy across silos, the load-tool
/// version of <c>ClusterThrottleTests</c> at any rate. Creates a fresh PostgreSQL database, starts
/// one standalone Instasent simulator in this process (delivery reports held back an hour, no
/// duplicates) and N silo processes on that database, configures one store with
/// <c>throttlePerSecond</c> = R, imports R × seconds contacts by CSV, then posts one transactional
/// send per contact, round-robin over all silos, with enough requests in flight (default
/// max(40 per silo, 1.2 R)) that the limiter, not the pipeline, sets the pace. The simulator's
/// <c>receivedAt</c> clock then gives: the rate over the steady part (first second dropped), its
/// deviation from R, the busiest sliding one-second window [t, t + 1 s) and its ratio to R,
/// per-second counts, messages per silo and an exactly-once check. <c>--max-load</c> waits for
/// the host's 1-minute load average to drop below L before sending. Silos are stopped with
/// SIGTERM at the end and the database dropped.
/// </summary>
internal static class ThrottleLoad
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args)
    {
        var rate = int.Parse(WorkflowBench.Option(args, "--rate") ?? "500", CultureInfo.InvariantCulture);
        var seconds = int.Parse(WorkflowBench.Option(args, "--seconds") ?? "30", CultureInfo.InvariantCulture);
        var siloCount = int.Parse(WorkflowBench.Option(args, "--silos") ?? "3", CultureInfo.InvariantCulture);
        var postgres = WorkflowBench.Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("ORLEANSSMS_TEST_POSTGRES") ?? WorkflowBench.DefaultPostgres;
        var inFlight = int.Parse(WorkflowBench.Option(args, "--in-flight")
            ?? Math.Max(40 * siloCount, (int)Math.Ceiling(rate * 1.2)).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var maxLoadOption = WorkflowBench.Option(args, "--max-load");
        var maxWait = TimeSpan.FromMinutes(double.Parse(WorkflowBench.Option(args, "--max-wait-minutes") ?? "10", CultureInfo.InvariantCulture));
        if (rate < 1 || seconds < 2 || siloCount < 1 || inFlight < 1)
        {
            Console.Error.WriteLine("--rate ≥ 1, --seconds ≥ 2, --silos ≥ 1 and --in-flight ≥ 1");
            return 2;
        }

        var messages = rate * seconds;
        var token = "throttle-token-" + Guid.NewGuid().ToString("N")[..8];
        var database = "orleans_sms_thr_" + Guid.NewGuid().ToString("N")[..8];
        await WorkflowBench.EnsurePostgresAsync(postgres);
        await WorkflowBench.ExecuteAsync(postgres, $"CREATE DATABASE {database}");

        WebApplication? simulator = null;
        var silos = new List<SiloProcess>();
        var clients = new List<HttpClient>();
        try
        {
            simulator = InstasentSimulatorHost.Build(new SimulatorOptions { Url = "http://127.0.0.1:0", DeliveryDelay = TimeSpan.FromHours(1), DuplicateReportRate = 0 });
            await simulator.StartAsync();
            var simulatorUrl = simulator.Urls.First();
            using var simulatorClient = new HttpClient(new SocketsHttpHandler { UseProxy = false })
            {
                BaseAddress = new Uri(simulatorUrl),
                Timeout = TimeSpan.FromMinutes(5),
            };

            var environment = new Dictionary<string, string>
            {
                // A plain connection string: each silo keeps to its default connection budget.
                ["ConnectionStrings__OrleansSms"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString,
                ["Instasent__BaseUrl"] = simulatorUrl,
                ["Instasent__RetryBaseDelay"] = "00:00:00.050",
                ["Orleans__ClusterId"] = "throttle-load",
                ["PublicBaseUrl"] = "http://127.0.0.1:9",
            };
            for (var i = 0; i < siloCount; i++)
            {
                silos.Add(await SiloProcess.StartAsync(environment));
                clients.Add(ClientOf(silos[i]));
            }

            Console.WriteLine($"silos={siloCount} pids={string.Join(',', silos.Select(s => s.Pid))} simulator={simulatorUrl} database={database}");

            var store = "thr" + Guid.NewGuid().ToString("N")[..8];
            var channel = await SendJsonAsync(clients[0], HttpMethod.Put, $"/api/stores/{store}/sms-channel",
                new { provider = "instasent", apiToken = token, defaultCountry = "ES", throttlePerSecond = rate });
            (await simulatorClient.PutAsJsonAsync($"/_sim/tokens/{token}", new { callbackUrl = channel.GetProperty("callbackUrl").GetString() })).EnsureSuccessStatusCode();

            var csv = new StringBuilder(messages * 24);
            csv.Append("contactId,_mobilePhone\n");
            var phones = new HashSet<string>();
            for (var i = 0; i < messages; i++)
            {
                var phone = Phone(i);
                csv.Append(CultureInfo.InvariantCulture, $"t{i},{phone}\n");
                phones.Add(phone);
            }

            var importClock = Stopwatch.StartNew();
            using var csvContent = new StringContent(csv.ToString(), new UTF8Encoding(false), "text/csv");
            using var importResponse = await clients[0].PostAsync($"/api/stores/{store}/contacts/import", csvContent);
            var importBody = await importResponse.Content.ReadAsStringAsync();
            if (!importResponse.IsSuccessStatusCode)
            {
                Console.WriteLine($"FAIL: import answered {(int)importResponse.StatusCode}: {WorkflowBench.Truncate(importBody)}");
                return 1;
            }

            var created = JsonDocument.Parse(importBody).RootElement.GetProperty("created").GetInt32();
            Console.WriteLine($"rate_R={rate} seconds={seconds} contacts_imported={created} in {importClock.Elapsed.TotalSeconds:F1} s in_flight={inFlight}");
            if (created != messages)
            {
                Console.WriteLine($"FAIL: imported {created} of {messages} contacts");
                return 1;
            }

            if (maxLoadOption is not null)
            {
                await WorkflowBench.WaitForQuietHostAsync(double.Parse(maxLoadOption, CultureInfo.InvariantCulture), maxWait);
            }

            // Each worker posts through one silo, the workers spread evenly: every silo sends at once.
            var loadBefore = WorkflowBench.LoadAverage();
            var statuses = new string?[messages];
            var next = -1;
            var sendClock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async worker =>
            {
                var client = clients[worker % clients.Count];
                int i;
                while ((i = Interlocked.Increment(ref next)) < messages)
                {
                    try
                    {
                        using var response = await client.PostAsJsonAsync($"/api/stores/{store}/contacts/t{i}/sms", new { text = "Paced", senderName = "MyShop" });
                        var body = await response.Content.ReadAsStringAsync();
                        statuses[i] = response.IsSuccessStatusCode
                            ? JsonDocument.Parse(body).RootElement.GetProperty("status").GetString()
                            : $"http{(int)response.StatusCode}";
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                    {
                        statuses[i] = e.GetType().Name;
                    }
                }
            }));
            var sendElapsed = sendClock.Elapsed;
            var loadAfter = WorkflowBench.LoadAverage();
            var tally = statuses.GroupBy(s => s ?? "none").OrderByDescending(g => g.Count()).Select(g => $"{g.Key}:{g.Count()}");
            Console.WriteLine($"sends_answered={messages} in {sendElapsed.TotalSeconds:F1} s statuses={string.Join(',', tally)}");

            var sentPerSilo = new List<double>();
            var connectorPerSilo = new List<double>();
            foreach (var client in clients)
            {
                var metrics = await client.GetStringAsync("/metrics");
                sentPerSilo.Add(SumMetric(metrics, line => line.StartsWith("orleanssms_sms_sent_total", StringComparison.Ordinal)));
                connectorPerSilo.Add(SumMetric(metrics, line => line.StartsWith("orleanssms_connector_batch_size", StringComparison.Ordinal) && line.Contains("_sum", StringComparison.Ordinal)));
            }

            var simulated = await simulatorClient.GetFromJsonAsync<List<JsonElement>>("/_sim/messages") ?? [];
            var ok = Report(rate, phones, simulated, sentPerSilo, connectorPerSilo, loadBefore, loadAfter);
            return ok && statuses.All(s => s == "sent") ? 0 : 1;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            // SIGTERM one at a time: each leaves the cluster while the others are still members.
            var stopClock = Stopwatch.StartNew();
            foreach (var silo in silos)
            {
                await silo.StopAsync();
                await silo.DisposeAsync();
            }

            if (silos.Count > 0)
            {
                Console.WriteLine($"silos_stopped in {stopClock.Elapsed.TotalSeconds:F1} s");
            }

            if (simulator is not null)
            {
                await simulator.StopAsync();
                await simulator.DisposeAsync();
            }

            await WorkflowBench.ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            Console.WriteLine($"dropped {database}");
        }
    }

    /// <summary>Prints the measurements; true when every imported phone got exactly one message.</summary>
    private static bool Report(
        int rate, HashSet<string> phones, List<JsonElement> simulated, List<double> sentPerSilo, List<double> connectorPerSilo, double loadBefore, double loadAfter)
    {
        if (simulated.Count < 2)
        {
            Console.WriteLine($"FAIL: the simulator received {simulated.Count} messages");
            return false;
        }

        var times = simulated.Select(m => m.GetProperty("receivedAt").GetDateTimeOffset()).Order().ToArray();

        // Overall rate over the steady part: the first second (ramp-up) dropped, then the
        // messages in [first, last) over (last - first), half-open as the limiter counts.
        var steady = times.Where(t => t >= times[0] + Second).ToArray();
        var steadyRate = steady.Length >= 2 ? steady.Count(t => t < steady[^1]) / (steady[^1] - steady[0]).TotalSeconds : double.NaN;
        var deviation = 100 * (steadyRate - rate) / rate;

        // Busiest one-second window: sliding, half-open [t, t + 1 s), starting at every message
        // (the busiest window always starts at one), over the whole run.
        var busiest = 0;
        var busiestAt = times[0];
        for (int start = 0, end = 0; start < times.Length; start++)
        {
            while (end < times.Length && times[end] < times[start] + Second)
            {
                end++;
            }

            if (end - start > busiest)
            {
                busiest = end - start;
                busiestAt = times[start];
            }
        }

        // Fixed one-second windows from the first message; the summary takes the full seconds
        // after the first (the ramp-up), as the steady rate does.
        var span = times[^1] - times[0];
        var perSecond = times.GroupBy(t => (int)((t - times[0]) / Second)).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        var fullSeconds = (int)(span / Second);
        var steadySeconds = perSecond.Take(fullSeconds).Where((_, second) => second >= 1).Order().ToArray(); // the first second is start-up

        var perPhone = simulated.GroupBy(m => m.GetProperty("to").GetString() ?? "").ToDictionary(g => g.Key, g => g.Count());
        var duplicates = perPhone.Values.Sum(c => c - 1);
        var missing = phones.Count(p => !perPhone.ContainsKey(p));
        var strangers = perPhone.Keys.Count(p => !phones.Contains(p));
        var exactlyOnce = simulated.Count == phones.Count && duplicates == 0 && missing == 0 && strangers == 0;

        var withinFivePercent = Math.Abs(deviation) <= 5;
        var maxWindowOk = busiest <= rate * 1.1 + 1e-9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"messages={simulated.Count} span_s={span.TotalSeconds:F2} steady_rate_per_s={steadyRate:F1} (R={rate}) deviation_pct={deviation:+0.00;-0.00;0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"busiest_sliding_second={busiest} at +{(busiestAt - times[0]).TotalSeconds:F2} s ratio_to_R={(double)busiest / rate:F3} (limit 1.1)"));
        Console.WriteLine(steadySeconds.Length > 0
            ? $"per_second_steady (full seconds after the first, n={steadySeconds.Length}) min={steadySeconds[0]} median={Median(steadySeconds)} max={steadySeconds[^1]}"
            : "per_second_steady n=0 (run too short)");
        Console.WriteLine($"per_second_counts={string.Join(' ', perSecond)}");
        Console.WriteLine($"sms_sent_total_per_silo={string.Join(',', sentPerSilo)} (sum {sentPerSilo.Sum()}) connector_messages_per_silo={string.Join(',', connectorPerSilo)} (sum {connectorPerSilo.Sum()})");
        Console.WriteLine($"exactly_once={(exactlyOnce ? "yes" : "NO")} distinct_phones={perPhone.Count} of {phones.Count} duplicates={duplicates} missing={missing} unknown_numbers={strangers}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host_load_avg_1m_before={loadBefore:F2} after={loadAfter:F2} cores={Environment.ProcessorCount}"));
        Console.WriteLine($"goal_within_5pct={(withinFivePercent ? "met" : "missed")} goal_max_window_le_1.1R={(maxWindowOk ? "met" : "missed")}");
        return exactlyOnce;
    }

    private static string Median(int[] sorted) =>
        sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2].ToString(CultureInfo.InvariantCulture)
            : ((sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A distinct Spanish mobile number per contact: +34 6 and eight digits.</summary>
    private static string Phone(int i) => $"+346{i:D8}";

    private static double SumMetric(string metrics, Func<string, bool> select) =>
        metrics.Split('\n')
            .Where(line => !line.StartsWith('#') && select(line))
            .Sum(SampleValue);

    /// <summary>The value of one exposition line, <c>name{labels} value [timestamp]</c> or <c>name value [timestamp]</c>.</summary>
    private static double SampleValue(string line)
    {
        var fields = line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return double.Parse(line.Contains('}') ? fields[0] : fields[1], CultureInfo.InvariantCulture);
    }

    private static HttpClient ClientOf(SiloProcess silo)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, MaxConnectionsPerServer = 4096 })
        {
            BaseAddress = new Uri(silo.BaseUrl),
            Timeout = TimeSpan.FromMinutes(2),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SiloProcess.ApiKey);
        return client;
    }

    private static async Task<JsonElement> SendJsonAsync(HttpClient client, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {WorkflowBench.Truncate(text)}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
