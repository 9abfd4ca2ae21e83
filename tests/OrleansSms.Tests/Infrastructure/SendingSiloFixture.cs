using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Instasent;

namespace OrleansSms.Tests.Infrastructure;

/// <summary>
/// A silo on real loopback HTTP with its bundled Instasent simulator, tuned for quick tests:
/// short delivery delay and retry delays. Each test uses its own store, token and numbers.
/// </summary>
public class SendingSiloFixture : IAsyncLifetime
{
    public SendingSiloFixture()
        : this(deliveryDelayMs: 20)
    {
    }

    /// <param name="deliveryDelayMs">How long the simulator waits before posting a delivery report.</param>
    /// <param name="settings">Configuration on top of (or replacing) this fixture's, e.g. <c>Connector:MaxBatchesInFlight</c>.</param>
    /// <param name="services">Extra registrations on top of the program's (e.g. a grain call filter, a fake clock).</param>
    protected SendingSiloFixture(int deliveryDelayMs, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "memory",
            ["Simulator:DeliveryDelayMs"] = deliveryDelayMs.ToString(),
            ["Simulator:DuplicateReportRate"] = "0",
            ["Simulator:CallbackRetryBaseDelayMs"] = "20",
            ["Instasent:RetryBaseDelay"] = "00:00:00.010",
            ["Instasent:MaxRetryDelay"] = "00:00:02",
            ["Durability:AcceptedWriteDelay"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        Factory = new(values, kestrel: true, services: services);
    }

    public SiloFactory Factory { get; }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client of the bundled simulator's HTTP API (<c>/_sim/*</c> and Instasent's routes).</summary>
    public HttpClient Simulator { get; private set; } = null!;

    public virtual Task InitializeAsync()
    {
        Client = Factory.CreateAuthorizedClient();
        Simulator = new HttpClient { BaseAddress = Factory.Services.GetRequiredService<InstasentEndpoint>().BaseAddress };
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        Simulator.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>A store with a channel (token unique to it), an optional rate, and a contact per phone given.</summary>
    public async Task<string> StoreAsync(int? throttlePerSecond = null, string defaultSubscription = "none")
    {
        var store = Ids.Store();
        var response = await Client.PutAsJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent",
            apiToken = "tok-" + store,
            defaultSubscriptionStatus = defaultSubscription,
            throttlePerSecond,
            defaultCountry = "ES",
        });
        await response.ReadJsonAsync();
        return store;
    }

    public async Task<string> ContactAsync(string store, string phone, string subscription = "subscribed", string firstName = "Ana")
    {
        var contact = Ids.Contact();
        await (await Client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}",
            $$$"""{"_mobilePhone":"{{{phone}}}","_smsSubscriptionStatus":"{{{subscription}}}","fields":{"firstName":"{{{firstName}}}"}}""")).ReadJsonAsync();
        return contact;
    }

    /// <summary>What the simulator accepted for a number, in order.</summary>
    public async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        var messages = await Simulator.GetFromJsonAsync<JsonElement>($"/_sim/messages?to={Uri.EscapeDataString(to)}");
        return messages.EnumerateArray().ToList();
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds, failing after the deadline.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var value = await read();
        while (!done(value))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for {what}; last value: {value}");
            }

            await Task.Delay(25);
            value = await read();
        }

        return value;
    }

    public async Task<JsonElement[]> HistoryAsync(string store, string contact) =>
        (await (await Client.GetAsync($"/api/stores/{store}/contacts/{contact}/sms")).ReadJsonAsync()).EnumerateArray().ToArray();

    public async Task<JsonElement> ContactJsonAsync(string store, string contact) =>
        await (await Client.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync();
}

/// <summary>The same silo, but the simulator never reports on its own: tests post the reports.</summary>
public sealed class QuietSendingSiloFixture() : SendingSiloFixture(deliveryDelayMs: 3_600_000);

[CollectionDefinition(Name)]
public sealed class QuietSendingSiloCollection : ICollectionFixture<QuietSendingSiloFixture>
{
    public const string Name = "quiet sending silo";
}

[CollectionDefinition(Name)]
public sealed class SendingSiloCollection : ICollectionFixture<SendingSiloFixture>
{
    public const string Name = "sending silo";
}

/// <summary>
/// The quiet silo, with chosen grain calls held until the test lets them go
/// (<see cref="GrainCallHolds"/>): a newsletter's walk or a run's reminder stopped at a known point.
/// </summary>
public sealed class HoldingSendingSiloFixture : SendingSiloFixture
{
    public HoldingSendingSiloFixture()
        : this(new GrainCallHolds())
    {
    }

    private HoldingSendingSiloFixture(GrainCallHolds holds)
        : base(deliveryDelayMs: 3_600_000, services: s => s.AddSingleton(holds).AddSingleton<IIncomingGrainCallFilter, GrainCallHoldFilter>())
    {
        Holds = holds;
    }

    public GrainCallHolds Holds { get; }
}

[CollectionDefinition(Name)]
public sealed class HoldingSendingSiloCollection : ICollectionFixture<HoldingSendingSiloFixture>
{
    public const string Name = "holding sending silo";
}
