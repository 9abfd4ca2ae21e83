using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using OrleansSms.Benchmarks.Load;

namespace OrleansSms.Benchmarks.Workflows;

/// <summary>
/// What the two workflow loads share: a silo process on the chosen storage with the bundled
/// Instasent simulator on its own port, the store set-up through the API, a CSV import, a wait
/// for a quiet host, and the PostgreSQL database created for the run and dropped after it.
/// </summary>
internal sealed class WorkflowBench : IAsyncDisposable
{
    public const string DefaultPostgres = "Host=127.0.0.1;Username=orleanssms;Password=orleanssms;Database=postgres;SSL Mode=Disable";

    private readonly string _postgres;
    private readonly string? _database;
    private readonly Dictionary<string, string> _environment;

    private WorkflowBench(SiloProcess silo, Dictionary<string, string> environment, string simulatorUrl, string postgres, string? database, SimulatorProcess? standalone)
    {
        Silo = silo;
        StandaloneSimulator = standalone;
        _environment = environment;
        SimulatorUrl = simulatorUrl;
        _postgres = postgres;
        _database = database;
        Api = ApiClient(silo);
        Simulator = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri(simulatorUrl),
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public SiloProcess Silo { get; private set; }

    public string SimulatorUrl { get; }

    /// <summary>The simulator's own process, when it runs outside the silo.</summary>
    public SimulatorProcess? StandaloneSimulator { get; }

    /// <summary>The silo's API with the tool's bearer key.</summary>
    public HttpClient Api { get; private set; }

    /// <summary>The database's connection string (postgres only).</summary>
    public string? DatabaseConnectionString =>
        _database is null ? null : new NpgsqlConnectionStringBuilder(_postgres) { Database = _database }.ConnectionString;

    /// <summary>The bundled simulator's <c>/_sim</c> routes.</summary>
    public HttpClient Simulator { get; }

    /// <summary>
    /// Starts a silo on <paramref name="storage"/> (memory or postgres; a fresh database for
    /// postgres) with the simulator on a free port and the given report delay.
    /// </summary>
    public static async Task<WorkflowBench> StartAsync(
        string storage, string postgres, int deliveryDelayMs, double duplicateReportRate, IDictionary<string, string>? extraEnvironment = null,
        bool standaloneSimulator = false)
    {
        SimulatorProcess? standalone = null;
        string simulatorUrl;
        Dictionary<string, string> environment;
        if (standaloneSimulator)
        {
            standalone = await SimulatorProcess.StartAsync(deliveryDelayMs, duplicateReportRate);
            simulatorUrl = standalone.Url;
            environment = new Dictionary<string, string> { ["Instasent__BaseUrl"] = simulatorUrl };
        }
        else
        {
            simulatorUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
            environment = new Dictionary<string, string>
            {
                ["Instasent__SimulatorUrl"] = simulatorUrl,
                ["Simulator__DeliveryDelayMs"] = deliveryDelayMs.ToString(CultureInfo.InvariantCulture),
                ["Simulator__DuplicateReportRate"] = duplicateReportRate.ToString(CultureInfo.InvariantCulture),
            };
        }

        string? database = null;
        switch (storage)
        {
            case "memory":
                environment["Storage__Provider"] = "memory";
                break;
            case "postgres":
                await EnsurePostgresAsync(postgres);
                database = "orleans_sms_wf_" + Guid.NewGuid().ToString("N")[..8];
                await ExecuteAsync(postgres, $"CREATE DATABASE {database}");
                environment["ConnectionStrings__OrleansSms"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
                break;
            default:
                throw new ArgumentException($"unknown storage '{storage}': memory or postgres");
        }

        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        try
        {
            var silo = await SiloProcess.StartAsync(environment);
            return new WorkflowBench(silo, environment, simulatorUrl, postgres, database, standalone);
        }
        catch
        {
            if (standalone is not null)
            {
                await standalone.DisposeAsync();
            }

            if (database is not null)
            {
                await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }

            throw;
        }
    }

    /// <summary>
    /// Stops the silo and starts a new one on the same storage: what follows meets every grain
    /// cold, as a newsletter days after an import would (and the import's activations are gone).
    /// </summary>
    public async Task RestartSiloAsync()
    {
        Api.Dispose();
        await Silo.StopAsync();
        await Silo.DisposeAsync();
        Silo = await SiloProcess.StartAsync(_environment);
        Api = ApiClient(Silo);
    }

    /// <summary>
    /// Raw Npgsql single-row reads: <paramref name="clients"/> connections each reading one
    /// random contact state row by primary key, one at a time, for <paramref name="duration"/>.
    /// The ceiling a run that reads each contact once could approach.
    /// </summary>
    public async Task<double> NpgsqlPointReadsPerSecondAsync(TimeSpan duration, int clients)
    {
        var connectionString = DatabaseConnectionString ?? throw new InvalidOperationException("postgres only");
        var keys = new List<(string Service, string Type, long N0, long N1, string Extension)>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring FROM orleansstorage " +
                "WHERE graintypestring LIKE '%contact' LIMIT 200000", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                keys.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4)));
            }
        }

        if (keys.Count == 0)
        {
            throw new InvalidOperationException("no contact rows to read");
        }

        long reads = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var random = new Random(client);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT payloadbinary, version FROM orleansstorage WHERE serviceid = $1 AND graintypestring = $2 " +
                "AND grainidn0 = $3 AND grainidn1 = $4 AND grainidextensionstring = $5", connection);
            foreach (var type in new[] { NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text })
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
            }

            await command.PrepareAsync();
            while (clock.Elapsed < duration)
            {
                var key = keys[random.Next(keys.Count)];
                command.Parameters[0].Value = key.Service;
                command.Parameters[1].Value = key.Type;
                command.Parameters[2].Value = key.N0;
                command.Parameters[3].Value = key.N1;
                command.Parameters[4].Value = key.Extension;
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    _ = reader.GetFieldValue<byte[]>(0);
                }

                Interlocked.Increment(ref reads);
            }
        }));
        return reads / clock.Elapsed.TotalSeconds;
    }

    private static HttpClient ApiClient(SiloProcess silo)
    {
        var api = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
        {
            BaseAddress = new Uri(silo.BaseUrl),
            Timeout = TimeSpan.FromMinutes(60),
        };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SiloProcess.ApiKey);
        return api;
    }

    public async Task PutChannelAsync(string store)
    {
        if (StandaloneSimulator is not null)
        {
            // The token exists at Instasent before the store pastes it: saving the channel checks it there.
            (await Simulator.PutAsJsonAsync($"/_sim/tokens/wf-token-{store}", new { callbackUrl = (string?)null })).EnsureSuccessStatusCode();
        }

        var channel = await SendOkAsync(HttpMethod.Put, $"/api/stores/{store}/sms-channel",
            $$"""{"provider":"instasent","apiToken":"wf-token-{{store}}","defaultCountry":"ES"}""");
        if (StandaloneSimulator is not null)
        {
            // The bundled simulator learns the callback URL from the silo; a standalone one is told, as Instasent's dashboard would be.
            using var answer = System.Text.Json.JsonDocument.Parse(channel);
            var callbackUrl = answer.RootElement.GetProperty("callbackUrl").GetString();
            (await Simulator.PutAsJsonAsync($"/_sim/tokens/wf-token-{store}", new { callbackUrl })).EnsureSuccessStatusCode();
        }
    }

    public Task PutSmsAsync(string store, string smsId, string text) =>
        SendOkAsync(HttpMethod.Put, $"/api/stores/{store}/sms/{smsId}",
            System.Text.Json.JsonSerializer.Serialize(new { name = smsId, text }));

    public Task PutWorkflowAsync(string store, string workflowId, string definitionJson) =>
        SendOkAsync(HttpMethod.Put, $"/api/stores/{store}/workflows/{workflowId}", definitionJson);

    /// <summary>Imports contacts c1…cN with distinct phones +346{i:D8}; returns the created count.</summary>
    public async Task<(int Created, int Rejected, TimeSpan Elapsed)> ImportAsync(string store, int contacts, Func<int, string> subscription)
    {
        var csv = new StringBuilder(contacts * 48);
        csv.Append("contactId,_mobilePhone,_smsSubscriptionStatus,firstName\n");
        for (var i = 1; i <= contacts; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"c{i},+346{i:D8},{subscription(i)},Name{i}\n");
        }

        using var content = new StringContent(csv.ToString(), new UTF8Encoding(false), "text/csv");
        var clock = Stopwatch.StartNew();
        using var response = await Api.PostAsync($"/api/stores/{store}/contacts/import", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"import answered {(int)response.StatusCode}: {Truncate(body)}");
        }

        using var report = System.Text.Json.JsonDocument.Parse(body);
        return (report.RootElement.GetProperty("created").GetInt32(), report.RootElement.GetProperty("rejectedCount").GetInt32(), clock.Elapsed);
    }

    public async Task<long> SimulatorAcceptedAsync()
    {
        using var stats = System.Text.Json.JsonDocument.Parse(await Simulator.GetStringAsync("/_sim/stats"));
        return stats.RootElement.GetProperty("accepted").GetInt64();
    }

    public async Task<string> SendOkAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {Truncate(body)}");
        }

        return body;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Simulator.Dispose();
        await Silo.DisposeAsync();
        if (StandaloneSimulator is not null)
        {
            await StandaloneSimulator.DisposeAsync();
        }

        if (_database is not null)
        {
            await ExecuteAsync(_postgres, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }
    }

    /// <summary>
    /// Busy and total CPU time of the whole host so far, from <c>/proc/stat</c> (all cores): the
    /// difference over a phase, minus the silo's and this tool's CPU, is what other processes took.
    /// </summary>
    public static (TimeSpan Busy, TimeSpan Total) HostCpu()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (TimeSpan.Zero, TimeSpan.Zero);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        long total = 0;
        for (var i = 0; i < Math.Min(8, fields.Length); i++)
        {
            total += fields[i];
        }

        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        const double ticksPerSecond = 100; // USER_HZ
        return (TimeSpan.FromSeconds((total - idle) / ticksPerSecond), TimeSpan.FromSeconds(total / ticksPerSecond));
    }

    /// <summary>A phase's CPU accounting: the silo's, this tool's and every other process's share of the host's cores.</summary>
    public sealed class CpuWindow
    {
        private readonly SiloProcess _silo;
        private readonly TimeSpan _silo0;
        private readonly TimeSpan _tool0;
        private readonly (TimeSpan Busy, TimeSpan Total) _host0;

        public CpuWindow(SiloProcess silo)
        {
            _silo = silo;
            _silo0 = silo.CpuTime();
            _tool0 = Process.GetCurrentProcess().TotalProcessorTime;
            _host0 = HostCpu();
        }

        public TimeSpan Silo { get; private set; }

        public TimeSpan Tool { get; private set; }

        public TimeSpan Others { get; private set; }

        public TimeSpan HostTotal { get; private set; }

        public void Stop()
        {
            Silo = _silo.CpuTime() - _silo0;
            Tool = Process.GetCurrentProcess().TotalProcessorTime - _tool0;
            var host = HostCpu();
            HostTotal = host.Total - _host0.Total;
            Others = host.Busy - _host0.Busy - Silo - Tool;
            if (Others < TimeSpan.Zero)
            {
                Others = TimeSpan.Zero;
            }
        }

        /// <summary>Percent of all cores' time in the window used by processes other than the silo and this tool.</summary>
        public double OthersPercent => HostTotal > TimeSpan.Zero ? 100 * Others / HostTotal : 0;

        public string Describe(double wallSeconds) =>
            string.Create(CultureInfo.InvariantCulture,
                $"silo_cpu_s={Silo.TotalSeconds:F1} silo_cores_busy={Silo.TotalSeconds / wallSeconds:F2} tool_cpu_s={Tool.TotalSeconds:F1} " +
                $"other_processes_cpu_pct={OthersPercent:F0}");
    }

    /// <summary>The 1-minute load average of the host.</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg")
            ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture)
            : 0;

    /// <summary>
    /// Waits (polling every 30 s, at most <paramref name="maxWait"/>) until the 1-minute load
    /// average is at most <paramref name="maxLoad"/>, so another process's benchmark does not
    /// pollute the numbers; returns the load average measured when it went on.
    /// </summary>
    public static async Task<double> WaitForQuietHostAsync(double maxLoad, TimeSpan maxWait)
    {
        var deadline = DateTime.UtcNow + maxWait;
        while (true)
        {
            var load = LoadAverage();
            if (load <= maxLoad)
            {
                Console.WriteLine($"host_load_avg_1m={load:F2} (limit {maxLoad:F1}): measuring");
                return load;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Console.WriteLine($"host_load_avg_1m={load:F2} still above {maxLoad:F1} after {maxWait.TotalMinutes:F0} min: measuring anyway (numbers may be polluted)");
                return load;
            }

            Console.WriteLine($"host_load_avg_1m={load:F2} above {maxLoad:F1}: waiting 30 s");
            await Task.Delay(TimeSpan.FromSeconds(30));
        }
    }

    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static string Truncate(string text) => text.Length <= 400 ? text : text[..400] + "…";


    internal static async Task EnsurePostgresAsync(string postgres)
    {
        try
        {
            await ExecuteAsync(postgres, "SELECT 1");
        }
        catch (Exception e) when (e is NpgsqlException or SocketException)
        {
            Console.WriteLine("PostgreSQL not reachable: pg_ctlcluster 15 main start");
            using var start = Process.Start("pg_ctlcluster", ["15", "main", "start"]);
            await start.WaitForExitAsync();
            await WaitForPostgresAsync(postgres);
        }
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls until PostgreSQL answers, for at most 30 s.</summary>
    private static async Task WaitForPostgresAsync(string postgres)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await ExecuteAsync(postgres, "SELECT 1");
                return;
            }
            catch (Exception e) when ((e is NpgsqlException or SocketException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(PollInterval);
            }
        }
    }

    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
}
