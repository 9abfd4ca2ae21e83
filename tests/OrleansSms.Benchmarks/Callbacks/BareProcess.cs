using OrleansSms.Benchmarks.Load;

namespace OrleansSms.Benchmarks.Callbacks;

/// <summary>
/// The <see cref="BareKestrel"/> endpoint in its own process (this tool re-invoked), server GC
/// like the silo, so both sides of the comparison are separate processes measured the same way.
/// </summary>
internal sealed class BareProcess(ChildProcess process, string baseUrl) : IAsyncDisposable
{
    public string BaseUrl { get; } = baseUrl;

    public static async Task<BareProcess> StartAsync()
    {
        var port = ChildProcess.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var process = await ChildProcess.StartAsync(
            "bare",
            "OrleansSms.Benchmarks.dll",
            ["bare-kestrel", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "1", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            $"{baseUrl}/health/ready",
            TimeSpan.FromSeconds(30));
        return new BareProcess(process, baseUrl);
    }

    public double PeakRssMiB() => process.PeakRssMiB();

    public TimeSpan CpuTime() => process.CpuTime();

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
