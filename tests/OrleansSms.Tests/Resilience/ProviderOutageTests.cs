using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Grains.Sending;
using OrleansSms.Instasent;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Resilience;

/// <summary>
/// Instasent answers 503 to everything for five minutes of the Instasent client's clock (a fake
/// one: the circuit breaker's sampling and break times run on it), then comes back. Meanwhile
/// messages stay pending, the circuit opens and lets one probe through per break; afterwards
/// every message goes, once.
/// </summary>
public sealed class ProviderOutageTests : IAsyncLifetime
{
    private const int Contacts = 30;

    /// <summary>The contact grain's reminder that resends what Instasent has not taken (delivered by hand here, tick by tick).</summary>
    private const string ResendReminder = "resend-pending";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private SiloFactory _silo = null!;

    public Task InitializeAsync()
    {
        _silo = new SiloFactory(
            new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "memory",
                ["Simulator:DeliveryDelayMs"] = "3600000",
                // One attempt per call: what happens across calls is the circuit's doing.
                ["Instasent:MaxRetries"] = "0",
                // Each silo tells the store's backlog grain its share this often (real time).
                ["Reports:BacklogInterval"] = "00:00:00.2",
            },
            kestrel: true,
            services: s => s.AddKeyedSingleton<TimeProvider>(InstasentServiceCollectionExtensions.TimeProviderKey, _clock));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Five_minutes_of_503_keep_every_message_pending_behind_an_open_circuit_and_then_each_goes_once()
    {
        using var api = _silo.CreateAuthorizedClient();
        using var simulator = new HttpClient { BaseAddress = _silo.Services.GetRequiredService<InstasentEndpoint>().BaseAddress };
        var circuit = _silo.Services.GetRequiredService<InstasentCircuit>();
        var backlog = _silo.Services.GetRequiredService<SendBacklog>();
        var grains = _silo.Services.GetRequiredService<IGrainFactory>();
        var store = Ids.Store();
        await (await api.PutAsJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = $"tok-{store}", defaultCountry = "ES" })).ReadJsonAsync();
        var contacts = new Dictionary<string, string>();
        for (var i = 0; i < Contacts; i++)
        {
            var (contact, phone) = (Ids.Contact(), TestPhones.Next());
            await (await api.PutAsJsonAsync($"/api/stores/{store}/contacts/{contact}", new { _mobilePhone = phone, _smsSubscriptionStatus = "subscribed" })).ReadJsonAsync();
            contacts[contact] = phone;
        }

        (await simulator.PutAsJsonAsync("/_sim/faults", new { status503Rate = 1.0 })).EnsureSuccessStatusCode();
        foreach (var contact in contacts.Keys)
        {
            var sent = await (await api.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Hola", senderName = "MyShop" })).ReadJsonAsync();
            Assert.Equal("queued", sent.GetProperty("status").GetString());
        }

        // The circuit opened on the failures and spared Instasent the rest.
        Assert.True(circuit.OpenedCount >= 1, "the circuit never opened");
        var refusedByInstasent = await Status503Async(simulator);
        Assert.InRange(refusedByInstasent, 1, Contacts - 1);

        // Five minutes of resend ticks: each break lets one probe through, which fails and opens the circuit again.
        var openedBefore = circuit.OpenedCount;
        const int ticks = 10;
        for (var tick = 0; tick < ticks; tick++)
        {
            _clock.Advance(TimeSpan.FromSeconds(30));
            await ResendAllAsync(grains, store, contacts.Keys);
        }

        Assert.True(circuit.OpenedCount >= openedBefore + ticks, $"the circuit opened {circuit.OpenedCount - openedBefore} times in {ticks} breaks");
        Assert.InRange(await Status503Async(simulator) - refusedByInstasent, ticks, 2 * ticks);
        Assert.Empty(await SimulatorMessagesAsync(simulator));
        foreach (var contact in contacts.Keys)
        {
            Assert.Equal("pending", Assert.Single(await HistoryAsync(api, store, contact)).GetProperty("status").GetString());
        }

        // The operator sees the backlog: every message waiting for Instasent, in the silo's gauge and in the store's report.
        Assert.Equal(Contacts, backlog.Pending);
        await SendingSiloFixture.EventuallyAsync(() => StoreBacklogAsync(api, store), pending => pending == Contacts, "the store's backlog to show every message");

        // Instasent is back: the next probe closes the circuit and every message goes, once.
        (await simulator.PutAsJsonAsync("/_sim/faults", new { })).EnsureSuccessStatusCode();
        _clock.Advance(TimeSpan.FromSeconds(30));
        await SendingSiloFixture.EventuallyAsync(async () =>
            {
                await ResendAllAsync(grains, store, contacts.Keys);
                return await SimulatorMessagesAsync(simulator);
            },
            messages => messages.Count >= Contacts, "every message at Instasent");

        var perPhone = (await SimulatorMessagesAsync(simulator)).GroupBy(m => m.GetProperty("to").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(contacts.Values.Order(), perPhone.Keys.Order());
        Assert.All(perPhone, p => Assert.Equal(1, p.Value));
        foreach (var contact in contacts.Keys)
        {
            Assert.Equal("sent", Assert.Single(await HistoryAsync(api, store, contact)).GetProperty("status").GetString());
        }

        Assert.Equal(0, backlog.Pending);
        await SendingSiloFixture.EventuallyAsync(() => StoreBacklogAsync(api, store), pending => pending == 0, "the store's backlog to empty");
    }

    private static async Task<long> StoreBacklogAsync(HttpClient api, string store) =>
        (await (await api.GetAsync($"/api/stores/{store}/reports/backlog")).ReadJsonAsync()).GetProperty("pending").GetInt64();

    private static async Task ResendAllAsync(IGrainFactory grains, string store, IEnumerable<string> contacts)
    {
        foreach (var contact in contacts)
        {
            await grains.GetContact(store, contact).AsReference<IRemindable>().ReceiveReminder(ResendReminder, default);
        }
    }

    private static async Task<long> Status503Async(HttpClient simulator) =>
        (await simulator.GetFromJsonAsync<JsonElement>("/_sim/stats")).GetProperty("faults").GetProperty("status503").GetInt64();

    private static async Task<List<JsonElement>> SimulatorMessagesAsync(HttpClient simulator) =>
        (await simulator.GetFromJsonAsync<List<JsonElement>>("/_sim/messages"))!;

    private static async Task<JsonElement[]> HistoryAsync(HttpClient api, string store, string contact) =>
        [.. (await (await api.GetAsync($"/api/stores/{store}/contacts/{contact}/sms")).ReadJsonAsync()).EnumerateArray()];
}
