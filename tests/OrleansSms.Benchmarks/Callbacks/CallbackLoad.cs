using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using OrleansSms.Benchmarks.Load;

namespace OrleansSms.Benchmarks.Callbacks;

/// <summary>
/// <c>callbacks [--storage memory|sqlite|postgres] [--messages 5000] [--seconds 15] [--connections 32]
/// [--warmup 3] [--postgres "conn"] [--silo-dir dir] [--silo-env KEY=VALUE]… [--wrk]</c>:
/// Instasent delivery reports against a bare Kestrel endpoint (the floor) and a real silo process,
/// the same closed-loop load one after the other. The silo gets a store, N contacts and two SMS
/// per contact, sent for real through the bundled simulator (its own reports held back for an
/// hour): set A takes the timed mix (45 % sent, 45 % delivered, 10 % failed for a random message,
/// so after the first reports most are repeats, as Instasent's are), set B takes exactly one
/// "delivered" per message in random order (every one applied and written). <c>--wrk</c> then
/// cross-checks both endpoints with wrk (if it is on the PATH). <c>--silo-env</c> adds an environment
/// variable to the silo process (e.g. <c>DOTNET_PerfMapEnabled=1</c> for perf). The result block goes to stdout,
/// progress to stderr.
/// </summary>
internal static class CallbackLoad
{
    private const string StatusSent = "sent";
    private const string StatusDelivered = "delivered";
    private const string StatusFailed = "failed";

    public static async Task<int> RunAsync(string[] args)
    {
        var storage = Option(args, "--storage") ?? "memory";
        var messages = int.Parse(Option(args, "--messages") ?? "5000", CultureInfo.InvariantCulture);
        var seconds = double.Parse(Option(args, "--seconds") ?? "15", CultureInfo.InvariantCulture);
        var connections = int.Parse(Option(args, "--connections") ?? "32", CultureInfo.InvariantCulture);
        var warmupSeconds = double.Parse(Option(args, "--warmup") ?? "3", CultureInfo.InvariantCulture);
        var siloDirectory = Option(args, "--silo-dir");
        var runWrk = args.Contains("--wrk");
        var postgres = Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("ORLEANSSMS_TEST_POSTGRES")
            ?? "Host=127.0.0.1;Username=orleanssms;Password=orleanssms;Database=postgres;SSL Mode=Disable";

        var work = Directory.CreateTempSubdirectory("orleans-sms-callbacks-");
        var environment = new Dictionary<string, string>
        {
            ["Instasent__SimulatorUrl"] = $"http://127.0.0.1:{ChildProcess.FreePort()}",
            ["Simulator__DeliveryDelayMs"] = "3600000",
            ["Simulator__DuplicateReportRate"] = "0",
        };
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--silo-env" && args[i + 1].Split('=', 2) is [var key, var value])
            {
                environment[key] = value;
            }
        }

        string? database = null;
        switch (storage)
        {
            case "memory":
                environment["Storage__Provider"] = "memory";
                break;
            case "sqlite":
                environment["Storage__SqlitePath"] = Path.Combine(work.FullName, "orleans-sms.db");
                break;
            case "postgres":
                database = "orleans_sms_callbacks_" + Guid.NewGuid().ToString("N")[..8];
                await ExecuteAsync(postgres, $"CREATE DATABASE {database}");
                environment["ConnectionStrings__OrleansSms"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
                break;
            default:
                Console.Error.WriteLine($"unknown storage '{storage}': memory, sqlite or postgres");
                return 2;
        }

        try
        {
            Console.Error.WriteLine("starting the bare Kestrel endpoint and the silo…");
            await using var bare = await BareProcess.StartAsync();
            await using var silo = await SiloProcess.StartAsync(environment, siloDirectory);

            var setupClock = Stopwatch.StartNew();
            var (callbackPath, setA, setB) = await SetUpAsync(silo.BaseUrl, messages);
            Console.Error.WriteLine($"set up {messages} contacts and {2 * messages} SMS in {setupClock.Elapsed.TotalSeconds:F1} s");

            var mixBodies = setA.Select(m => new[]
            {
                Report(m, StatusSent, 0), Report(m, StatusDelivered, 0), Report(m, StatusFailed, 1),
            }).ToArray();
            var deliveredB = setB.Select(m => Report(m, StatusDelivered, 0)).ToArray();
            byte[]? Mix(Random random)
            {
                var bodies = mixBodies[random.Next(mixBodies.Length)];
                var roll = random.Next(100);
                return bodies[roll < 45 ? 0 : roll < 90 ? 1 : 2];
            }

            var duration = TimeSpan.FromSeconds(seconds);
            var warmup = TimeSpan.FromSeconds(warmupSeconds);
            var siloRssBefore = silo.RssMiB();

            Console.Error.WriteLine("bare Kestrel: warm-up and measurement…");
            using var bareHttp = ClosedLoop.Client(bare.BaseUrl, connections);
            var bareResult = await MeasureAsync(bareHttp, callbackPath, connections, warmup, duration, Mix, bare.CpuTime);

            Console.Error.WriteLine("silo: warm-up and measurement…");
            using var siloHttp = ClosedLoop.Client(silo.BaseUrl, connections);
            var siloResult = await MeasureAsync(siloHttp, callbackPath, connections, warmup, duration, Mix, silo.CpuTime);

            Console.Error.WriteLine("silo: one first report per message of set B…");
            var order = Enumerable.Range(0, deliveredB.Length).ToArray();
            new Random(7).Shuffle(order);
            var nextB = -1;
            var firstReports = await MeasureAsync(siloHttp, callbackPath, connections, TimeSpan.Zero, null, _ =>
            {
                var i = Interlocked.Increment(ref nextB);
                return i < order.Length ? deliveredB[order[i]] : null;
            }, silo.CpuTime);

            WrkResult? wrkBare = null, wrkSilo = null;
            if (runWrk)
            {
                Console.Error.WriteLine("wrk cross-check…");
                var script = Wrk.WriteScript(work.FullName, callbackPath, mixBodies);
                wrkBare = await Wrk.RunAsync(bare.BaseUrl, script, connections, seconds);
                wrkSilo = await Wrk.RunAsync(silo.BaseUrl, script, connections, seconds);
            }

            var ratio = siloResult.Phase.RequestsPerSecond / bareResult.Phase.RequestsPerSecond;
            var siloP99Ms = siloResult.Phase.Latencies.Percentile(0.99) / 1000.0;
            var ok = bareResult.Phase.Non200 + bareResult.Phase.Errors + siloResult.Phase.Non200 + siloResult.Phase.Errors
                     + firstReports.Phase.Non200 + firstReports.Phase.Errors == 0
                     && firstReports.Phase.Applied == messages;

            var output = new StringBuilder();
            output.AppendLine(CultureInfo.InvariantCulture, $"callbacks storage={storage} messages={messages} connections={connections} seconds={seconds} warmup_s={warmupSeconds} cores={Environment.ProcessorCount} host_load_avg_1m={LoadAverage()}");
            output.AppendLine(Line("bare", bareResult));
            output.AppendLine(Line("silo", siloResult));
            output.AppendLine(Line("silo_first_reports", firstReports));
            output.AppendLine(CultureInfo.InvariantCulture, $"ratio_silo_to_bare={ratio:F3} goal_ratio_ge_0.5={(ratio >= 0.5 ? "met" : "MISSED")} silo_p99_ms={siloP99Ms:F3} goal_p99_le_10ms={(siloP99Ms <= 10 ? "met" : "MISSED")}");
            output.AppendLine(CultureInfo.InvariantCulture, $"silo_rss_before_load_MiB={siloRssBefore:F0} silo_peak_rss_MiB={silo.PeakRssMiB():F0} bare_peak_rss_MiB={bare.PeakRssMiB():F0}");
            if (wrkBare is not null && wrkSilo is not null)
            {
                output.AppendLine(wrkBare.Line("wrk_bare"));
                output.AppendLine(wrkSilo.Line("wrk_silo"));
                output.AppendLine(CultureInfo.InvariantCulture, $"wrk_ratio_silo_to_bare={wrkSilo.RequestsPerSecond / wrkBare.RequestsPerSecond:F3}");
            }
            else if (runWrk)
            {
                output.AppendLine("wrk=not-found");
            }

            output.Append(CultureInfo.InvariantCulture, $"all_200={(ok ? "yes" : "NO")}");
            Console.WriteLine(output.ToString());
            return ok ? 0 : 1;
        }
        finally
        {
            if (database is not null)
            {
                await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }

            work.Delete(recursive: true);
        }
    }

    /// <summary>A phase, with the CPU its server and this tool used and what the rest of the host used meanwhile.</summary>
    private sealed record Measured(PhaseResult Phase, TimeSpan ServerCpu, TimeSpan ToolCpu, TimeSpan HostBusy)
    {
        /// <summary>Share of the host's cores (0–100 %) busy with other processes during the phase: a shared box's noise.</summary>
        public double OtherCpuPercent =>
            Math.Max(0, (HostBusy - ServerCpu - ToolCpu).TotalSeconds) * 100 / (Phase.Elapsed.TotalSeconds * Environment.ProcessorCount);
    }

    private static async Task<Measured> MeasureAsync(
        HttpClient http, string path, int connections, TimeSpan warmup, TimeSpan? duration, Func<Random, byte[]?> next, Func<TimeSpan> serverCpu)
    {
        if (warmup > TimeSpan.Zero)
        {
            await ClosedLoop.RunAsync(http, path, connections, warmup, next, seed: 1);
        }

        var hostBefore = HostBusy();
        var serverBefore = serverCpu();
        var toolBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var phase = await ClosedLoop.RunAsync(http, path, connections, duration, next, seed: 2);
        var server = serverCpu() - serverBefore;
        var tool = Process.GetCurrentProcess().TotalProcessorTime - toolBefore;
        return new Measured(phase, server, tool, HostBusy() - hostBefore);
    }

    /// <summary>CPU time the whole host has been busy (all cores, /proc/stat), zero where there is none.</summary>
    private static TimeSpan HostBusy()
    {
        if (!File.Exists("/proc/stat"))
        {
            return TimeSpan.Zero;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal …: busy = all but idle and iowait.
        long busy = 0;
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            if (i is not (4 or 5))
            {
                busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }
        }

        return TimeSpan.FromSeconds(busy / 100.0);
    }

    private static string Line(string name, Measured m)
    {
        var p = m.Phase;
        var h = p.Latencies;
        var count = Math.Max(1, h.Count);
        return string.Create(CultureInfo.InvariantCulture,
            $"{name} requests={h.Count} seconds={p.Elapsed.TotalSeconds:F2} req_per_s={p.RequestsPerSecond:F0} " +
            $"p50_ms={h.Percentile(0.50) / 1000.0:F3} p90_ms={h.Percentile(0.90) / 1000.0:F3} p99_ms={h.Percentile(0.99) / 1000.0:F3} " +
            $"max_ms={h.MaxMicros / 1000.0:F3} mean_ms={h.MeanMicros() / 1000.0:F3} non200={p.Non200} errors={p.Errors} " +
            $"applied={p.Applied} unchanged={p.Unchanged} other={p.Ignored} " +
            $"server_cpu_us_per_req={m.ServerCpu.TotalMicroseconds / count:F1} tool_cpu_us_per_req={m.ToolCpu.TotalMicroseconds / count:F1} " +
            $"other_processes_cpu_pct={m.OtherCpuPercent:F0}");
    }

    /// <summary>A message the silo really sent: what Instasent's report about it carries.</summary>
    internal sealed record SentMessage(string ClientId, string ProviderId);

    private static readonly DateTimeOffset ReportTime = DateTimeOffset.UtcNow;

    private static byte[] Report(SentMessage message, string status, int code) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["id"] = message.ProviderId,
            ["clientId"] = message.ClientId,
            ["status"] = status,
            ["code"] = code,
            ["eventAt"] = (status == StatusSent ? ReportTime : ReportTime.AddSeconds(5)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        });

    /// <summary>A store, N subscribed contacts, two SMS to each: (callback path, set A, set B).</summary>
    private static async Task<(string Path, SentMessage[] A, SentMessage[] B)> SetUpAsync(string baseUrl, int messages)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SiloProcess.ApiKey);
        var store = "cb" + Guid.NewGuid().ToString("N")[..8];
        using var channel = await http.PutAsync($"/api/stores/{store}/sms-channel",
            Json("""{"provider":"instasent","apiToken":"callbacks-load-token-0123","defaultCountry":"ES"}"""));
        var channelBody = await channel.Content.ReadAsStringAsync();
        if (!channel.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"sms-channel: {(int)channel.StatusCode} {channelBody}");
        }

        using var channelJson = JsonDocument.Parse(channelBody);
        var callbackPath = new Uri(channelJson.RootElement.GetProperty("callbackUrl").GetString()!).AbsolutePath;

        var a = new SentMessage[messages];
        var b = new SentMessage[messages];
        await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var contact = $"c{i}";
            using var put = await http.PutAsync($"/api/stores/{store}/contacts/{contact}",
                Json($$"""{"_mobilePhone":"+346{{i:D8}}","_smsSubscriptionStatus":"subscribed"}"""), ct);
            if (!put.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"contact {contact}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync(ct)}");
            }

            a[i] = await SendAsync(http, store, contact, ct);
            b[i] = await SendAsync(http, store, contact, ct);
        });
        return (callbackPath, a, b);
    }

    private static async Task<SentMessage> SendAsync(HttpClient http, string store, string contact, CancellationToken ct)
    {
        using var response = await http.PostAsync($"/api/stores/{store}/contacts/{contact}/sms",
            Json("""{"text":"Hi","senderName":"MyShop"}"""), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"send to {contact}: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var clientId = root.TryGetProperty("clientId", out var c) ? c.GetString() : null;
        var providerId = root.TryGetProperty("providerId", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        if (clientId is null || providerId is null)
        {
            throw new InvalidOperationException($"send to {contact} answered without clientId/providerId: {body}");
        }

        return new SentMessage(clientId, providerId);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
