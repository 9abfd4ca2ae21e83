using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansSms.Benchmarks.Callbacks;

/// <summary>
/// The <see cref="BareKestrel"/> endpoint in its own process (this tool re-invoked), server GC
/// like the silo, so both sides of the comparison are separate processes measured the same way.
/// </summary>
internal sealed class BareProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BareProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<BareProcess> StartAsync()
    {
        var port = FreePort();
        var tool = Path.Combine(AppContext.BaseDirectory, "OrleansSms.Benchmarks.dll");
        var start = new ProcessStartInfo("dotnet", [tool, "bare-kestrel", "--port", port.ToString()])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the bare Kestrel endpoint");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  bare| {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  bare| {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var bare = new BareProcess(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the bare Kestrel endpoint exited with code {process.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync($"{bare.BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return bare;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100)); // readiness poll, with a deadline
        }

        await bare.DisposeAsync();
        throw new TimeoutException("the bare Kestrel endpoint did not become ready within 30 s");
    }

    public double PeakRssMiB() => ProcStatus.PeakRssMiB(_process.Id);

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

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class ProcStatus
{
    public static double PeakRssMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) / 1024.0;
            }
        }

        return 0;
    }
}
