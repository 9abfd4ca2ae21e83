using System.Diagnostics;
using System.Globalization;

namespace OrleansSms.Benchmarks.Load;

/// <summary>
/// The Instasent simulator as a process of its own (the built OrleansSms.InstasentSimulator.dll
/// next to this tool), as Instasent is to a production silo: its work no longer counts as the
/// silo's, nor does it share the silo's thread pool and heap.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimulatorProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static async Task<SimulatorProcess> StartAsync(int deliveryDelayMs, double duplicateReportRate)
    {
        var directory = AppContext.BaseDirectory;
        var url = $"http://127.0.0.1:{SiloProcess.FreePort()}";
        var start = new ProcessStartInfo("dotnet", [
            Path.Combine(directory, "OrleansSms.InstasentSimulator.dll"),
            "--Simulator:Url", url,
            "--Simulator:DeliveryDelayMs", deliveryDelayMs.ToString(CultureInfo.InvariantCulture),
            "--Simulator:DuplicateReportRate", duplicateReportRate.ToString(CultureInfo.InvariantCulture),
        ])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the simulator");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  sim| {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  sim| {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var simulator = new SimulatorProcess(process, url);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the simulator exited with code {process.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync($"{url}/_sim/stats")).IsSuccessStatusCode)
                {
                    return simulator;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await simulator.DisposeAsync();
        throw new TimeoutException("the simulator did not answer within 30 s");
    }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
