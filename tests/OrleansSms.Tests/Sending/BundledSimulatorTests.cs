using System.Net.Http.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Sending;

/// <summary>
/// The development build's bundled simulator learns each store's token and callback URL through
/// its own registration route, as Instasent learns them from its panel: after the channel is
/// saved, after the callback secret is rotated, and again after a restart that emptied it.
/// A delivery report reaching the contact proves the simulator holds the current callback URL.
/// </summary>
public sealed class BundledSimulatorTests
{
    private static async Task<string> SendAsync(HttpClient client, string store, string contact, string text)
    {
        var result = await (await client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text, senderName = "MyShop" })).ReadJsonAsync();
        Assert.Equal("sent", result.GetProperty("status").GetString());
        return result.GetProperty("clientId").GetString()!;
    }

    private static Task DeliveredAsync(SendingSiloFixture silo, string store, string contact, string clientId) =>
        SendingSiloFixture.EventuallyAsync(
            () => silo.HistoryAsync(store, contact),
            h => h.Any(m => m.GetProperty("clientId").GetString() == clientId && m.GetProperty("status").GetString() == "delivered"),
            $"the delivery report of {clientId}");

    [Collection(SendingSiloCollection.Name)]
    public sealed class OnOneSilo(SendingSiloFixture silo)
    {
        [Fact]
        public async Task A_rotated_callback_secret_is_registered_so_reports_keep_arriving()
        {
            var store = await silo.StoreAsync();
            var contact = await silo.ContactAsync(store, TestPhones.Next());
            await DeliveredAsync(silo, store, contact, await SendAsync(silo.Client, store, contact, "Before the rotation"));

            await (await silo.Client.PostAsync($"/api/stores/{store}/sms-channel/rotate-callback-secret", null)).ReadJsonAsync();

            // The old URL's secret is refused now: only a registration of the new URL gets the report in.
            await DeliveredAsync(silo, store, contact, await SendAsync(silo.Client, store, contact, "After the rotation"));
        }
    }

    [Fact]
    public async Task After_a_restart_the_empty_simulator_learns_the_stored_channel_before_the_first_send()
    {
        var directory = Directory.CreateTempSubdirectory("orleans-sms-bundled-");
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "sqlite",
                ["Storage:SqlitePath"] = Path.Combine(directory.FullName, "state.db"),
                ["Simulator:DeliveryDelayMs"] = "20",
                ["Simulator:DuplicateReportRate"] = "0",
                ["Simulator:CallbackRetryBaseDelayMs"] = "20",
                ["Durability:AcceptedWriteDelay"] = "00:00:00",
            };
            string store, contact;
            await using (var first = new Restartable(settings))
            {
                await first.InitializeAsync();
                store = await first.StoreAsync();
                contact = await first.ContactAsync(store, TestPhones.Next());
                await DeliveredAsync(first, store, contact, await SendAsync(first.Client, store, contact, "Before the restart"));
            }

            // A new process: the simulator knows no token, and the silo listens on another port.
            await using var second = new Restartable(settings);
            await second.InitializeAsync();
            var clientId = await SendAsync(second.Client, store, contact, "After the restart");

            Assert.Single(await second.SimulatorMessagesAsync((await second.ContactJsonAsync(store, contact)).GetProperty("_mobilePhone").GetString()!));
            await DeliveredAsync(second, store, contact, clientId);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    /// <summary>A sending silo on the given settings (SQLite here, so a second one finds the first one's state).</summary>
    private sealed class Restartable(IReadOnlyDictionary<string, string?> settings) : SendingSiloFixture(20, settings), IAsyncDisposable
    {
        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
