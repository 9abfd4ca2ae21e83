using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansSms.Instasent;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Telemetry;

/// <summary>
/// A silo on real loopback HTTP with its bundled simulator (quick delivery reports, as in
/// <see cref="SendingSiloFixture"/>), every log category at Trace, and a
/// <see cref="TelemetryCapture"/> listening to its logs, spans and metrics.
/// </summary>
public sealed class TelemetrySiloFixture : IAsyncLifetime
{
    public TelemetrySiloFixture()
    {
        var capture = new TelemetryCapture();
        Capture = capture;
        Factory = new SiloFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "memory",
            // Spans are recorded only when something exports them (or when asked, as here).
            ["Telemetry:Tracing"] = "true",
            ["Simulator:DeliveryDelayMs"] = "20",
            ["Simulator:DuplicateReportRate"] = "0",
            ["Simulator:CallbackRetryBaseDelayMs"] = "20",
            ["Instasent:RetryBaseDelay"] = "00:00:00.010",
            ["Instasent:MaxRetryDelay"] = "00:00:02",
            // Every category at Trace, over appsettings.json's quieter ones.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:System"] = "Trace",
            ["Logging:LogLevel:Orleans"] = "Trace",
            ["Logging:LogLevel:OrleansSms"] = "Trace",
            ["Logging:LogLevel:Polly"] = "Trace",
        }, kestrel: true, services: s => s.AddSingleton<ILoggerProvider>(capture));
    }

    public TelemetryCapture Capture { get; }

    public SiloFactory Factory { get; }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client of the bundled simulator's HTTP API.</summary>
    public HttpClient Simulator { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.CreateAuthorizedClient();
        Simulator = new HttpClient { BaseAddress = Factory.Services.GetRequiredService<InstasentEndpoint>().BaseAddress };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Simulator.Dispose();
        await Factory.DisposeAsync();
        Capture.Dispose();
    }

    /// <summary>A store whose channel has the given token; answers its callback URL.</summary>
    public async Task<(string Store, Uri CallbackUrl)> StoreAsync(string apiToken)
    {
        var store = Ids.Store();
        var channel = await (await Client.PutAsJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent",
            apiToken,
            defaultSubscriptionStatus = "none",
            defaultCountry = "ES",
        })).ReadJsonAsync();
        return (store, new Uri(channel.GetProperty("callbackUrl").GetString()!));
    }

    public async Task<string> ContactAsync(string store, string phone)
    {
        var contact = Ids.Contact();
        await (await Client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}",
            $$$"""{"_mobilePhone":"{{{phone}}}","_smsSubscriptionStatus":"subscribed","fields":{"firstName":"Ana"}}""")).ReadJsonAsync();
        return contact;
    }

    public async Task<JsonElement[]> HistoryAsync(string store, string contact) =>
        (await (await Client.GetAsync($"/api/stores/{store}/contacts/{contact}/sms")).ReadJsonAsync()).EnumerateArray().ToArray();
}

[CollectionDefinition(Name)]
public sealed class TelemetrySiloCollection : ICollectionFixture<TelemetrySiloFixture>
{
    public const string Name = "telemetry silo";
}
