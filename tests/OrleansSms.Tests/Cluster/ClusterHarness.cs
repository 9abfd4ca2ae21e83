using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using OrleansSms.InstasentSimulator;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Cluster;

/// <summary>
/// What the multi-silo tests share: a fresh PostgreSQL database, one standalone Instasent
/// simulator (reports held back), the silo processes started on them, and their clients.
/// </summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    public const string ApiKey = "cluster-test-key-0001";

    private readonly PostgresTestDatabase _database;
    private readonly WebApplication _simulator;

    private ClusterHarness(PostgresTestDatabase database, WebApplication simulator)
    {
        _database = database;
        _simulator = simulator;
        Simulator = new HttpClient { BaseAddress = new Uri(simulator.Urls.First()) };
    }

    /// <summary>Every silo started, in order (killed or stopped ones included).</summary>
    public List<SiloProcess> Silos { get; } = [];

    /// <summary>The cluster's database.</summary>
    public PostgresTestDatabase Database => _database;

    /// <summary>A client of the simulator's <c>/_sim</c> routes.</summary>
    public HttpClient Simulator { get; }

    /// <param name="simulatorOptions">Changes to the simulator's options (reports are held back an hour unless changed).</param>
    public static async Task<ClusterHarness> StartAsync(Action<SimulatorOptions>? simulatorOptions = null)
    {
        var database = await PostgresTestDatabase.CreateAsync();
        var options = new SimulatorOptions
        {
            Url = "http://127.0.0.1:0",
            DeliveryDelay = TimeSpan.FromHours(1),
            DuplicateReportRate = 0,
        };
        simulatorOptions?.Invoke(options);
        var simulator = InstasentSimulatorHost.Build(options);
        await simulator.StartAsync();
        return new ClusterHarness(database, simulator);
    }

    /// <summary>The keys every silo of the cluster needs, plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string> SiloEnvironment(string clusterId, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            // A plain connection string: each silo keeps to its default connection budget.
            ["ConnectionStrings__OrleansSms"] = _database.ConnectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["Instasent__BaseUrl"] = _simulator.Urls.First(),
            ["Instasent__RetryBaseDelay"] = "00:00:00.050",
            ["Api__Keys__0__Key"] = ApiKey,
            ["PublicBaseUrl"] = "http://127.0.0.1:9",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    public async Task<SiloProcess> StartSiloAsync(IReadOnlyDictionary<string, string> environment)
    {
        var silo = await SiloProcess.StartAsync(environment);
        lock (Silos)
        {
            // Silos may be started side by side.
            Silos.Add(silo);
        }

        return silo;
    }

    /// <summary>An API client of the silo with the cluster's key.</summary>
    public static HttpClient ClientOf(SiloProcess silo, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = new Uri(silo.BaseUrl), Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>The sum over all label sets of one series in the silo's Prometheus scrape.</summary>
    public static async Task<double> MetricSumAsync(HttpClient silo, string series)
    {
        var scrape = await silo.GetStringAsync("/metrics");
        return scrape.Split('\n')
            .Where(line => line.StartsWith(series + "{", StringComparison.Ordinal) || line.StartsWith(series + " ", StringComparison.Ordinal))
            // name{labels} value [timestamp]
            .Sum(line => double.Parse(line[(line.Contains('}') ? line.LastIndexOf('}') + 1 : line.IndexOf(' '))..].Trim().Split(' ')[0],
                CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        Simulator.Dispose();
        await _simulator.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>
/// The tests that start several silo processes on PostgreSQL take turns: each keeps to its
/// connection budget, and together they stay inside a stock <c>max_connections</c> (100) beside
/// the tests that run in parallel with them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterProcessesCollection
{
    public const string Name = "Cluster processes";
}
