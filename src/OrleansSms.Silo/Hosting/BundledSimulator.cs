using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Instasent;
using OrleansSms.InstasentSimulator;

namespace OrleansSms.Silo.Hosting;

// The zero-setup run's Instasent, and the one place the silo knows the simulator.
//
// Only a development build has this file: OrleansSms.Silo.csproj compiles it, and references the
// simulator project, unless the build is a publish (or BundleInstasentSimulator=false), so
// `dotnet run --project src/OrleansSms.Silo` and the tests get the simulator while a published
// silo (the Docker image) holds neither the simulator nor this code. OrleansSmsHosting calls
// AddBundledSimulator through a partial method that vanishes when this file is not compiled; a
// published silo then needs Instasent:BaseUrl and refuses to start without it.
//
// With Instasent:BaseUrl unset the simulator starts in-process, before Orleans, on
// Instasent:SimulatorUrl, and the Instasent client is pointed at it. It learns a store's token
// the way Instasent does, through its own registration route (PUT /_sim/tokens/{token} with the
// store's callback URL, what a store does by hand in Instasent's panel). Nothing in the grains
// knows: a grain call filter watches the channels the store's channel grain hands out (after a
// save, after a callback-secret rotation, and on every read) and registers each token and
// callback URL the simulator has not been told yet by this process. The connector reads the
// channel before it sends, so after a restart (the in-process simulator forgets everything) a
// store's first send registers its token again before it reaches the simulator.
//
// Saving a channel checks a new token with GET /organization/account before the channel grain
// sees it, so the filter has not registered it yet. In a real setup the store created the token
// in Instasent's panel before pasting it; here SimulatorAccountCheckRegistration plays that part:
// when the simulator answers 401 to an account check, it registers the token (no callback URL
// yet: the filter adds it once the channel is saved) and asks again. So the bundled simulator
// knows every token a store saves, and a token is refused only by a standalone simulator (or by
// Instasent) that was never told it.
public static partial class OrleansSmsHosting
{
    static partial void AddBundledSimulator(WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{InstasentOptions.Section}:{nameof(InstasentOptions.BaseUrl)}"]))
        {
            return;
        }

        // The simulator's control routes are open to anyone who reaches the silo (they list phones
        // and texts, set faults and outcomes): a production silo serves them only when told to.
        if (builder.Environment.IsProduction() && !builder.Configuration.GetValue<bool>(AllowBundledSimulatorKey))
        {
            throw new InvalidOperationException(
                $"Instasent:BaseUrl is not set, and a Production silo does not run on the bundled Instasent simulator: set Instasent__BaseUrl to Instasent's API (https://api.instasent.com) or to a simulator, or set {AllowBundledSimulatorKey.Replace(":", "__", StringComparison.Ordinal)}=true to run on the bundled one anyway.");
        }

        var services = builder.Services;
        services.PostConfigure<InstasentOptions>(o => o.BaseUrl = o.SimulatorUrl ??= SimulatorOptions.DefaultUrl);
        services.AddSingleton<BundledSimulator>();
        services.AddHostedService(sp => sp.GetRequiredService<BundledSimulator>());
        services.AddSingleton<IIncomingGrainCallFilter, SimulatorTokenRegistration>();
        services.AddHttpClient<InstasentClient>().AddHttpMessageHandler(sp => new SimulatorAccountCheckRegistration(sp.GetRequiredService<InstasentEndpoint>()));
    }
}

/// <summary>The in-process simulator: started before Orleans, its bound address given to the Instasent client.</summary>
internal sealed partial class BundledSimulator(
    InstasentEndpoint endpoint,
    IOptions<InstasentOptions> instasent,
    IConfiguration configuration,
    ILogger<BundledSimulator> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _simulator;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = SimulatorOptions.FromConfiguration(configuration);
        options.Url = instasent.Value.SimulatorUrl!;
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

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instasent__BaseUrl is not set: using the bundled Instasent simulator at {Address} (delivery reports come back to this silo)")]
    private static partial void LogStarted(ILogger logger, Uri address);
}

/// <summary>
/// Registers each store channel's token and callback URL with the simulator's
/// <c>PUT /_sim/tokens/{token}</c> the first time this process sees that pair in an answer of
/// <see cref="IStoreChannelGrain"/>; every other grain call passes straight through.
/// </summary>
internal sealed partial class SimulatorTokenRegistration(
    InstasentEndpoint endpoint,
    PublicUrls urls,
    ILogger<SimulatorTokenRegistration> logger) : IIncomingGrainCallFilter, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The callback URL the simulator holds for each token this process registered.</summary>
    private readonly ConcurrentDictionary<string, string> _registered = new(StringComparer.Ordinal);

    /// <summary>Every other grain's call passes without an extra await: this filter sees all of them.</summary>
    public Task Invoke(IIncomingGrainCallContext context) =>
        context.Grain is IStoreChannelGrain ? InvokeChannelAsync(context) : context.Invoke();

    private async Task InvokeChannelAsync(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        if (context.Result is StoreChannel channel)
        {
            var callbackUrl = urls.CallbackUrl(channel.StoreId, channel.CallbackSecret);
            if (!_registered.TryGetValue(channel.ApiToken, out var known) || known != callbackUrl)
            {
                await RegisterAsync(channel.StoreId, channel.ApiToken, callbackUrl);
            }
        }
    }

    private async Task RegisterAsync(string storeId, string apiToken, string callbackUrl)
    {
        try
        {
            var url = new Uri(endpoint.BaseAddress, $"_sim/tokens/{Uri.EscapeDataString(apiToken)}");
            using var response = await _http.PutAsJsonAsync(url, new { callbackUrl });
            response.EnsureSuccessStatusCode();
            _registered[apiToken] = callbackUrl;
        }
        catch (Exception e)
        {
            // The simulator is a convenience: a failure here must not break the store's channel.
            // The next answer of the channel grain tries again.
            LogRegistrationFailed(logger, storeId, e.GetType().Name);
        }
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register store {StoreId} with the bundled simulator: {Reason}")]
    private static partial void LogRegistrationFailed(ILogger logger, string storeId, string reason);
}

/// <summary>
/// On the Instasent client's pipeline (innermost): a 401 to <c>GET /organization/account</c>
/// registers the token with the simulator (without a callback URL) and sends the check again.
/// Every other request passes untouched.
/// </summary>
internal sealed class SimulatorAccountCheckRegistration(InstasentEndpoint endpoint) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized || request.Method != HttpMethod.Get
            || request.RequestUri?.AbsolutePath.EndsWith("/" + InstasentClient.AccountPath, StringComparison.Ordinal) != true
            || request.Headers.Authorization is not { Scheme: "Bearer", Parameter: { Length: > 0 } token })
        {
            return response;
        }

        response.Dispose();
        using (var register = new HttpRequestMessage(HttpMethod.Put, new Uri(endpoint.BaseAddress, $"_sim/tokens/{Uri.EscapeDataString(token)}"))
        {
            Content = JsonContent.Create(new { callbackUrl = (string?)null }),
        })
        using (var registered = await base.SendAsync(register, cancellationToken))
        {
            registered.EnsureSuccessStatusCode();
        }

        using var again = new HttpRequestMessage(HttpMethod.Get, request.RequestUri);
        foreach (var header in request.Headers)
        {
            again.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return await base.SendAsync(again, cancellationToken);
    }
}
