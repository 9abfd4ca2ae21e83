using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansSms.Benchmarks.Callbacks;
using OrleansSms.Domain.Contacts;

namespace OrleansSms.Benchmarks.Load;

/// <summary>
/// <c>directory [--contacts 1000000] [--searches 2000] [--pages 500] [--concurrency 4] [--silo-dir dir]</c>:
/// the contact directory on memory storage.
/// <list type="number">
/// <item>Memory per contact: builds, in this process, a partition directory of N contacts as a
/// silo holds them (<see cref="ContactDirectory"/>: GUID ids, phones, emails) and prints the heap
/// it took and its own count of entry bytes, per contact.</item>
/// <item>Starts a silo process, imports N contacts (phone, email, statuses), and checks the count.</item>
/// <item>Search: <c>--searches</c> requests from <c>--concurrency</c> closed loops, a third each by
/// id prefix, by phone in national form with spaces, by email in upper case; each must find its
/// contact. Prints p50/p99/max.</item>
/// <item>List pages: <c>--pages</c> pages of 50 walked with their cursor, half unfiltered, half
/// filtered by phone status; prints p50/p99/max.</item>
/// <item>Export: the whole store as CSV, streamed; checks N rows and prints rows/s and the silo's peak RSS.</item>
/// </list>
/// </summary>
internal static class DirectoryLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var contacts = int.Parse(Option(args, "--contacts") ?? "1000000", CultureInfo.InvariantCulture);
        var searches = int.Parse(Option(args, "--searches") ?? "2000", CultureInfo.InvariantCulture);
        var pages = int.Parse(Option(args, "--pages") ?? "500", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Option(args, "--concurrency") ?? "4", CultureInfo.InvariantCulture);
        var siloDirectory = Option(args, "--silo-dir");

        MeasureMemory(contacts);

        var work = Directory.CreateTempSubdirectory("orleans-sms-directory-");
        try
        {
            var csvPath = Path.Combine(work.FullName, "contacts.csv");
            var ids = WriteCsv(csvPath, contacts);
            await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string>
            {
                ["Storage__Provider"] = "memory",
                ["Instasent__AllowBundledSimulator"] = "true", // nothing is sent: the channel only needs a token check
            }, siloDirectory);
            using var http = new HttpClient { BaseAddress = new Uri(silo.BaseUrl), Timeout = TimeSpan.FromHours(1) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SiloProcess.ApiKey);
            var store = "dir" + Guid.NewGuid().ToString("N")[..8];
            (await http.PutAsync($"/api/stores/{store}/sms-channel", Json("""{"provider":"instasent","apiToken":"load-token-0123456789","defaultCountry":"ES"}"""))).EnsureSuccessStatusCode();

            var rssBefore = silo.RssMiB();
            await using (var file = File.OpenRead(csvPath))
            {
                using var content = new StreamContent(file, 64 * 1024);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                var clock = Stopwatch.StartNew();
                (await http.PostAsync($"/api/stores/{store}/contacts/import", content)).EnsureSuccessStatusCode();
                Console.WriteLine($"import_seconds={clock.Elapsed.TotalSeconds:F1} silo_rss_before_MiB={rssBefore:F0} silo_rss_after_import_MiB={silo.RssMiB():F0}");
            }

            var count = await CountAsync(http, store, "");
            var exact = count == contacts;
            Console.WriteLine($"contacts={contacts} count={count} exact={exact}");

            var (searchLatencies, searchMisses) = await SearchAsync(http, store, ids, searches, concurrency);
            Print("search", searchLatencies);
            Console.WriteLine($"search_misses={searchMisses}");

            var pageLatencies = await PagesAsync(http, store, pages);
            Print("list_page", pageLatencies);

            var (rows, seconds) = await ExportAsync(http, store);
            Console.WriteLine($"export_rows={rows} export_seconds={seconds:F2} export_rows_per_s={rows / seconds:F0} silo_peak_rss_MiB={silo.PeakRssMiB():F0}");

            exact &= searchMisses == 0 && rows == contacts;
            Console.WriteLine($"exact={exact} host_load_avg_1m={LoadAverage()}");
            return exact ? 0 : 1;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The heap one directory of <paramref name="contacts"/> entries takes in this process.</summary>
    private static void MeasureMemory(int contacts)
    {
        var records = new DirectoryRecord[contacts];
        for (var i = 0; i < contacts; i++)
        {
            records[i] = new DirectoryRecord(Guid.NewGuid().ToString("N"), DirectoryKeys.Phone($"+346{i % 100_000_000:D8}"),
                DirectoryKeys.Email($"user{i}@example.com"), PhoneStatus.Active, SubscriptionStatus.Subscribed, 1);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var directory = new ContactDirectory();
        foreach (var record in records)
        {
            directory.Upsert(record);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var packed = directory.Pack().Length;
        Console.WriteLine($"directory_contacts={contacts} directory_heap_bytes_per_contact={(after - before) / (double)contacts:F1} " +
                          $"directory_entry_bytes_per_contact={directory.MemoryBytes / (double)contacts:F1} stored_bytes_per_contact={packed / (double)contacts:F1}");
        GC.KeepAlive(directory);
    }

    /// <summary>Contact i: a random id, phone +346{i}, email user{i}@example.com, every 3rd paused.</summary>
    private static string[] WriteCsv(string path, int contacts)
    {
        var ids = new string[contacts];
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,email,firstName\n");
        for (var i = 0; i < contacts; i++)
        {
            ids[i] = Guid.NewGuid().ToString("N");
            writer.Write($"{ids[i]},+346{i:D8},{(i % 3 == 0 ? "paused" : "active")},{(i % 2 == 0 ? "subscribed" : "none")},user{i}@example.com,Name{i}\n");
        }

        return ids;
    }

    private static async Task<(LatencyHistogram Latencies, long Misses)> SearchAsync(HttpClient http, string store, string[] ids, int searches, int concurrency)
    {
        var histograms = new LatencyHistogram[concurrency];
        long misses = 0;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async loop =>
        {
            var histogram = histograms[loop] = new LatencyHistogram();
            var random = new Random(loop);
            int n;
            while ((n = Interlocked.Increment(ref next)) < searches)
            {
                var i = random.Next(ids.Length);
                var search = (n % 3) switch
                {
                    0 => ids[i][..12],
                    1 => $"6{i:D8}"[..3] + " " + $"6{i:D8}"[3..6] + " " + $"6{i:D8}"[6..],
                    _ => $"USER{i}@EXAMPLE.COM",
                };
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/api/stores/{store}/contacts?limit=10&search={Uri.EscapeDataString(search)}");
                var body = await response.Content.ReadAsStringAsync();
                histogram.Record(start, Stopwatch.GetTimestamp());
                if (!response.IsSuccessStatusCode || !body.Contains(ids[i], StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref misses);
                }
            }
        }));

        var all = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            all.Add(histogram);
        }

        return (all, misses);
    }

    private static async Task<LatencyHistogram> PagesAsync(HttpClient http, string store, int pages)
    {
        var histogram = new LatencyHistogram();
        foreach (var filter in new[] { "", "&phoneStatus=paused" })
        {
            string? cursor = null;
            for (var page = 0; page < pages / 2; page++)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/api/stores/{store}/contacts?limit=50{filter}" + (cursor is null ? "" : $"&cursor={cursor}"));
                var body = await response.Content.ReadAsStringAsync();
                histogram.Record(start, Stopwatch.GetTimestamp());
                response.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.GetProperty("nextCursor").GetString() is not { } nextCursor)
                {
                    break;
                }

                cursor = nextCursor;
            }
        }

        return histogram;
    }

    private static async Task<(long Rows, double Seconds)> ExportAsync(HttpClient http, string store)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync($"/api/stores/{store}/contacts/export", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 16];
        long lines = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return (lines - 1, clock.Elapsed.TotalSeconds);
    }

    private static async Task<long> CountAsync(HttpClient http, string store, string query)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync($"/api/stores/{store}/contacts/count?{query}"));
        return json.RootElement.GetProperty("count").GetInt64();
    }

    private static void Print(string name, LatencyHistogram latencies) =>
        Console.WriteLine($"{name}_requests={latencies.Count} {name}_p50_ms={latencies.Percentile(0.5) / 1000.0:F2} " +
                          $"{name}_p99_ms={latencies.Percentile(0.99) / 1000.0:F2} {name}_max_ms={latencies.MaxMicros / 1000.0:F2}");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
