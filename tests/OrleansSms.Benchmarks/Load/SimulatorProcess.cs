using System.Globalization;

namespace OrleansSms.Benchmarks.Load;

/// <summary>
/// The Instasent simulator as a process of its own (the built OrleansSms.InstasentSimulator.dll
/// next to this tool), as Instasent is to a production silo: its work no longer counts as the
/// silo's, nor does it share the silo's thread pool and heap.
/// </summary>
internal sealed class SimulatorProcess(ChildProcess process, string url) : IAsyncDisposable
{
    public string Url { get; } = url;

    public static async Task<SimulatorProcess> StartAsync(int deliveryDelayMs, double duplicateReportRate)
    {
        var url = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var process = await ChildProcess.StartAsync(
            "sim",
            "OrleansSms.InstasentSimulator.dll",
            [
                "--Simulator:Url", url,
                "--Simulator:DeliveryDelayMs", deliveryDelayMs.ToString(CultureInfo.InvariantCulture),
                "--Simulator:DuplicateReportRate", duplicateReportRate.ToString(CultureInfo.InvariantCulture),
            ],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            $"{url}/_sim/stats",
            TimeSpan.FromSeconds(30));
        return new SimulatorProcess(process, url);
    }

    public TimeSpan CpuTime() => process.CpuTime();

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
