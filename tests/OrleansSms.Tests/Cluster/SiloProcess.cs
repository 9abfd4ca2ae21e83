using System.Diagnostics;
using System.Net;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Cluster;

/// <summary>
/// A real silo process (the built OrleansSms.Silo.dll next to the tests) on loopback ports: what
/// production runs, so killing it is a real crash.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private SiloProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>How often readiness is polled, until a deadline.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public string BaseUrl { get; }

    public bool HasExited => _process.HasExited;

    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(40));
            }
        }
    }

    /// <summary>The kept output lines (the last few thousand) that contain <paramref name="text"/>.</summary>
    public List<string> OutputLinesWith(string text)
    {
        lock (_output)
        {
            return _output.Where(line => line.Contains(text, StringComparison.Ordinal)).ToList();
        }
    }

    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var httpPort = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OrleansSms.Silo.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Orleans__SiloPort"] = FreePorts.Next().ToString();
        start.Environment["Orleans__GatewayPort"] = FreePorts.Next().ToString();
        start.Environment["Orleans__AdvertisedAddress"] = "127.0.0.1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__OrleansSms"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a silo");
        var silo = new SiloProcess(process, $"http://127.0.0.1:{httpPort}");
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with {process.ExitCode}:\n{silo.RecentOutput}");
            }

            try
            {
                if ((await http.GetAsync($"{silo.BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return silo;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(PollInterval);
        }

        await silo.DisposeAsync();
        throw new TimeoutException($"the silo was not ready within 60 s:\n{silo.RecentOutput}");
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster — a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>The process's exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// SIGTERM: the host's graceful shutdown. Returns how long the process took to exit on its
    /// own; throws (leaving it running, for <see cref="DisposeAsync"/> to kill) if it took longer than <paramref name="grace"/>.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan grace)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the silo was still running {grace.TotalSeconds} s after SIGTERM:\n{RecentOutput}");
        }

        return clock.Elapsed;
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

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 5_000)
            {
                _output.RemoveRange(0, 2_500);
            }
        }
    }
}
