using System.Globalization;

namespace OrleansSms.Benchmarks.Load;

/// <summary>
/// A real silo process (the built OrleansSms.Silo.dll next to this tool) on loopback ports,
/// so a load run measures what production runs, memory included.
/// </summary>
internal sealed class SiloProcess(ChildProcess process, string baseUrl) : IAsyncDisposable
{
    public const string ApiKey = "load-tool-key-0001";

    public string BaseUrl { get; } = baseUrl;

    public int Pid => process.Pid;

    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string? siloDirectory = null)
    {
        var baseUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseUrl,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Api__Keys__0__Key"] = ApiKey,
            ["Orleans__SiloPort"] = ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment)
        {
            settings[key] = value;
        }

        var process = await ChildProcess.StartAsync(
            "silo", "OrleansSms.Silo.dll", [], settings, $"{baseUrl}/health/ready", TimeSpan.FromSeconds(60), siloDirectory);
        return new SiloProcess(process, baseUrl);
    }

    /// <summary>Peak resident set size (VmHWM) of the silo process so far, in MiB.</summary>
    public double PeakRssMiB() => process.PeakRssMiB();

    public double RssMiB() => process.RssMiB();

    public long Threads() => process.Threads();

    /// <summary>Lines the silo has logged at Error or Critical so far.</summary>
    public long ErrorLines => process.ErrorLines;

    /// <summary>CPU time (user + system, all threads) the silo process has used so far.</summary>
    public TimeSpan CpuTime() => process.CpuTime();

    /// <summary>SIGTERM, waiting up to a minute for the silo to leave the cluster and exit; then SIGKILL.</summary>
    public Task StopAsync() => process.StopAsync(TimeSpan.FromMinutes(1));

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
