using OrleansSms.Grains.Stores;
using OrleansSms.Instasent;
using OrleansSms.InstasentSimulator;

namespace OrleansSms.Silo.Hosting;

/// <summary>
/// The zero-setup run's Instasent: with no <c>Instasent:BaseUrl</c> the silo starts the
/// simulator in-process, points the Instasent client at it, and registers every store's token
/// with its callback URL as the store's channel activates or changes (what a store does by hand
/// in Instasent's panel).
/// </summary>
internal sealed partial class BundledSimulator(
    InstasentEndpoint endpoint,
    PublicUrls urls,
    IConfiguration configuration,
    ILogger<BundledSimulator> logger) : IHostedService, IProviderAccounts, IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private WebApplication? _simulator;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = SimulatorOptions.FromConfiguration(configuration);
        options.Url = configuration[$"{InstasentOptions.Section}:{nameof(InstasentOptions.SimulatorUrl)}"] ?? InstasentOptions.DefaultSimulatorUrl;
        _simulator = InstasentSimulatorHost.Build(options);
        await _simulator.StartAsync(cancellationToken);
        var address = new Uri(_simulator.Urls.First());
        endpoint.UseAddress(address);
        LogStarted(logger, address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_simulator is not null)
        {
            await _simulator.StopAsync(cancellationToken);
        }
    }

    public async Task RegisterAsync(string storeId, string apiToken, string callbackSecret)
    {
        try
        {
            var url = new Uri(endpoint.BaseAddress, $"_sim/tokens/{Uri.EscapeDataString(apiToken)}");
            using var response = await _http.PutAsJsonAsync(url, new { callbackUrl = urls.CallbackUrl(storeId, callbackSecret) });
            response.EnsureSuccessStatusCode();
        }
        catch (Exception e)
        {
            // The simulator is a convenience: a failure here must not break the store's channel.
            LogRegistrationFailed(logger, storeId, e.GetType().Name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instasent__BaseUrl is not set: using the bundled Instasent simulator at {Address} (delivery reports come back to this silo)")]
    private static partial void LogStarted(ILogger logger, Uri address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register store {StoreId} with the bundled simulator: {Reason}")]
    private static partial void LogRegistrationFailed(ILogger logger, string storeId, string reason);
}
