using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OrleansSms.Benchmarks.Load;

/// <summary>
/// A process the load tool starts next to itself (<c>dotnet some.dll …</c>), its output prefixed
/// on this tool's stderr, ready once a URL of it answers 200; measured by CPU time and memory.
/// </summary>
/// <remarks>
/// Every child is ended when the tool ends, whatever ends it: a failed run, an unhandled
/// exception, Ctrl-C or SIGTERM (a run never leaves a silo or simulator behind).
/// </remarks>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Living = new();
    private static readonly PosixSignalRegistration[] Signals = RegisterExitHandlers();

    private readonly Process _process;
    private long _errorLines;

    private ChildProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Lines the child has logged at Error or Critical so far (the console logger's <c>fail:</c> and <c>crit:</c>).</summary>
    public long ErrorLines => Interlocked.Read(ref _errorLines);

    /// <summary>Threads of the child process now (from <c>/proc</c>).</summary>
    public long Threads() => ReadStatusKiB("Threads:");

    private static PosixSignalRegistration[] RegisterExitHandlers()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
        return
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => KillAll()),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => KillAll()),
        ];
    }

    private static void KillAll()
    {
        foreach (var (_, process) in Living)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already.
            }
        }
    }

    public static async Task<ChildProcess> StartAsync(
        string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string readyUrl, TimeSpan readyWithin,
        string? directory = null)
    {
        directory = Path.GetFullPath(directory ?? AppContext.BaseDirectory);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(directory, dll), .. arguments])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _ = Signals;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {name}");
        Living[process.Id] = process;
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Echo(name, e.Data);
        process.ErrorDataReceived += (_, e) => child.Echo(name, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + readyWithin;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the {name} exited with code {process.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync(readyUrl)).StatusCode == HttpStatusCode.OK)
                {
                    return child;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100)); // readiness poll, with a deadline
        }

        await child.DisposeAsync();
        throw new TimeoutException($"the {name} did not become ready within {readyWithin.TotalSeconds:F0} s");
    }

    private void Echo(string name, string? line)
    {
        if (line is null)
        {
            return;
        }

        var trimmed = line.AsSpan().TrimStart();
        if (trimmed.StartsWith("fail:") || trimmed.StartsWith("crit:"))
        {
            Interlocked.Increment(ref _errorLines);
        }

        Console.Error.WriteLine($"  {name}| {line}");
    }

    /// <summary>A loopback port free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Peak resident set size (VmHWM) so far, in MiB.</summary>
    public double PeakRssMiB() => ReadStatusKiB("VmHWM:") / 1024.0;

    public double RssMiB() => ReadStatusKiB("VmRSS:") / 1024.0;

    /// <summary>CPU time (user + system, all threads) used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>SIGTERM, waiting up to <paramref name="grace"/> for a clean exit; then SIGKILL.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
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

        Living.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    private long ReadStatusKiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
