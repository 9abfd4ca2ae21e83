using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace OrleansSms.Benchmarks.Load;

/// <summary>
/// <c>import --storage memory|sqlite|postgres [--rows 100000] [--bad-every 997] [--postgres "conn"]
/// [--warmup 0] [--silo-dir dir]</c>:
/// generates a CSV, starts a silo process on the chosen storage, imports the file through
/// the HTTP API and prints rows/s, the silo's peak RSS and its CPU time per row.
/// <c>--warmup N</c> first imports N other contacts into another store of the same silo (JIT
/// tier-up, thread pool, caches: a long-running silo's state) and measures only the second import;
/// the default 0 measures a freshly started silo. <c>--silo-dir</c> runs OrleansSms.Silo.dll from
/// another directory (e.g. a ReadyToRun publish) instead of the one next to this tool.
/// </summary>
internal static class ImportLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var storage = Option(args, "--storage") ?? "memory";
        var rows = int.Parse(Option(args, "--rows") ?? "100000");
        var badEvery = int.Parse(Option(args, "--bad-every") ?? "997");
        var warmupRows = int.Parse(Option(args, "--warmup") ?? "0");
        var siloDirectory = Option(args, "--silo-dir");
        var postgres = Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("ORLEANSSMS_TEST_POSTGRES")
            ?? "Host=127.0.0.1;Username=orleanssms;Password=orleanssms;Database=postgres;SSL Mode=Disable";

        var work = Directory.CreateTempSubdirectory("orleans-sms-import-");
        var csvPath = Path.Combine(work.FullName, "contacts.csv");
        var badLines = WriteCsv(csvPath, rows, badEvery);
        var environment = new Dictionary<string, string>();
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
                database = "orleans_sms_load_" + Guid.NewGuid().ToString("N")[..8];
                await ExecuteAsync(postgres, $"CREATE DATABASE {database}");
                environment["ConnectionStrings__OrleansSms"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
                break;
            default:
                Console.Error.WriteLine($"unknown storage '{storage}': memory, sqlite or postgres");
                return 2;
        }

        try
        {
            await using var silo = await SiloProcess.StartAsync(environment, siloDirectory);
            using var http = new HttpClient { BaseAddress = new Uri(silo.BaseUrl), Timeout = TimeSpan.FromMinutes(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SiloProcess.ApiKey);
            var store = "load" + Guid.NewGuid().ToString("N")[..8];
            (await http.PutAsync($"/api/stores/{store}/sms-channel", Json("""{"provider":"instasent","apiToken":"load-token-0123456789","defaultCountry":"ES"}"""))).EnsureSuccessStatusCode();
            if (warmupRows > 0)
            {
                var warmupPath = Path.Combine(work.FullName, "warmup.csv");
                WriteCsv(warmupPath, warmupRows, badEvery);
                var warmupStore = "warm" + Guid.NewGuid().ToString("N")[..8];
                (await http.PutAsync($"/api/stores/{warmupStore}/sms-channel", Json("""{"provider":"instasent","apiToken":"load-token-0123456789","defaultCountry":"ES"}"""))).EnsureSuccessStatusCode();
                await using var warmupFile = File.OpenRead(warmupPath);
                using var warmupContent = new StreamContent(warmupFile, 64 * 1024);
                warmupContent.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                var warmupClock = Stopwatch.StartNew();
                (await http.PostAsync($"/api/stores/{warmupStore}/contacts/import", warmupContent)).EnsureSuccessStatusCode();
                Console.WriteLine($"warmup_rows={warmupRows} warmup_seconds={warmupClock.Elapsed.TotalSeconds:F2}");
            }

            var rssBefore = silo.RssMiB();

            await using var file = File.OpenRead(csvPath);
            using var content = new StreamContent(file, 64 * 1024);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            var siloCpuBefore = silo.CpuTime();
            var toolCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var response = await http.PostAsync($"/api/stores/{store}/contacts/import", content);
            clock.Stop();
            var siloCpu = silo.CpuTime() - siloCpuBefore;
            var toolCpu = Process.GetCurrentProcess().TotalProcessorTime - toolCpuBefore;
            var body = await response.Content.ReadAsStringAsync();
            response.EnsureSuccessStatusCode();

            using var report = JsonDocument.Parse(body);
            var created = report.RootElement.GetProperty("created").GetInt32();
            var rejected = report.RootElement.GetProperty("rejectedCount").GetInt32();
            var exact = created == rows - badLines && rejected == badLines;
            Console.WriteLine($"storage={storage} rows={rows} created={created} rejected={rejected} (expected {badLines}) exact={exact}");
            Console.WriteLine($"seconds={clock.Elapsed.TotalSeconds:F2} rows_per_s={rows / clock.Elapsed.TotalSeconds:F0} " +
                              $"silo_rss_before_MiB={rssBefore:F0} silo_peak_rss_MiB={silo.PeakRssMiB():F0} csv_MiB={new FileInfo(csvPath).Length / 1048576.0:F1}");
            // CPU per row is steadier than rows/s on a shared 2-core box: another process's load
            // lowers the rate but hardly changes what each row costs.
            Console.WriteLine($"silo_cpu_s={siloCpu.TotalSeconds:F2} silo_cpu_us_per_row={siloCpu.TotalMicroseconds / rows:F1} " +
                              $"tool_cpu_s={toolCpu.TotalSeconds:F2} host_load_avg_1m={LoadAverage()}");
            return exact ? 0 : 1;
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

    /// <summary>Same shape as the import test's file: row i is contact c{i}, every Nth phone is bad.</summary>
    private static int WriteCsv(string path, int rows, int badEvery)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("contactId,_mobilePhone,_smsSubscriptionStatus,firstName,score:number\n");
        var bad = 0;
        for (var row = 1; row <= rows; row++)
        {
            var isBad = row % badEvery == 0;
            bad += isBad ? 1 : 0;
            writer.Write($"c{row},{(isBad ? "call-me" : $"+346{row:D8}")},{(row % 2 == 0 ? "subscribed" : "none")},Name{row},{row % 100}\n");
        }

        return bad;
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

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
