using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansSms.Benchmarks.Load;

/// <summary>
/// A real silo process (the built OrleansSms.Silo.dll next to this tool) on loopback ports,
/// so a load run measures what production runs, memory included.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public const string ApiKey = "load-tool-key-0001";

    public string BaseUrl { get; }

    public int Pid => _process.Id;

    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string? siloDirectory = null)
    {
        var directory = Path.GetFullPath(siloDirectory ?? AppContext.BaseDirectory);
        var dll = Path.Combine(directory, "OrleansSms.Silo.dll");
        var httpPort = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Api__Keys__0__Key"] = ApiKey;
        start.Environment["Orleans__SiloPort"] = FreePort().ToString();
        start.Environment["Orleans__GatewayPort"] = FreePort().ToString();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the silo");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  silo| {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  silo| {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var silo = new SiloProcess(process, $"http://127.0.0.1:{httpPort}");
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with code {process.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync($"{silo.BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return silo;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200)); // readiness poll, with a deadline
        }

        await silo.DisposeAsync();
        throw new TimeoutException("the silo did not become ready within 60 s");
    }

    /// <summary>Peak resident set size (VmHWM) of the silo process so far, in MiB.</summary>
    public double PeakRssMiB() => ReadStatusKiB("VmHWM:") / 1024.0;

    public double RssMiB() => ReadStatusKiB("VmRSS:") / 1024.0;

    /// <summary>CPU time (user + system, all threads) the silo process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    private long ReadStatusKiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]);
            }
        }

        return 0;
    }

    /// <summary>SIGTERM, waiting up to a minute for the silo to leave the cluster and exit; then SIGKILL.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term!.WaitForExitAsync();
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
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
