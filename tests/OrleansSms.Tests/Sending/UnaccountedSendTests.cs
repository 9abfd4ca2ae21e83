using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Grains.Telemetry;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Sending;

/// <summary>A sending silo whose messages get two resends after an answer that does not name them.</summary>
public sealed class UnaccountedSiloFixture() : SendingSiloFixture(deliveryDelayMs: 20, new Dictionary<string, string?>
{
    ["Connector:UnaccountedRetries"] = "2",
});

[CollectionDefinition(Name)]
public sealed class UnaccountedSiloCollection : ICollectionFixture<UnaccountedSiloFixture>
{
    public const string Name = "unaccounted silo";
}

/// <summary>
/// A message Instasent's answer names neither accepted nor rejected is sent again with its
/// clientId at most <c>Connector:UnaccountedRetries</c> times, then shows undelivered with the
/// reason in the contact's history, and is counted.
/// </summary>
[Collection(UnaccountedSiloCollection.Name)]
public sealed class UnaccountedSendTests(UnaccountedSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<long> SingleSendsAsync() =>
        (await silo.Simulator.GetFromJsonAsync<JsonElement>("/_sim/stats")).GetProperty("requests").GetProperty("single").GetInt64();

    [Fact]
    public async Task An_unaccounted_message_is_resent_with_its_client_id_at_most_the_retries_then_undelivered_and_counted()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        var counted = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SmsInstruments.MeterName && instrument.Name == "orleanssms.sms.unaccounted")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == SmsInstruments.UnaccountedOutcomeTag)
                {
                    counted.Enqueue((string)tag.Value!);
                }
            }
        });
        listener.Start();

        (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { omitRate = 1.0 })).EnsureSuccessStatusCode();
        try
        {
            var before = await SingleSendsAsync();
            var body = new { text = "Your order", senderName = "MyShop", idempotencyKey = "order-1" };
            var results = new List<JsonElement>();
            for (var i = 0; i < 5; i++)
            {
                // A repeat of a send that is still pending sends it again (with the same clientId).
                results.Add(await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", body)).ReadJsonAsync());
            }

            Assert.Equal("queued", results[0].GetProperty("status").GetString());
            Assert.Equal("queued", results[1].GetProperty("status").GetString());
            Assert.All(results[2..], r => Assert.Equal("failed", r.GetProperty("status").GetString()));
            Assert.All(results, r => Assert.Equal($"{contact}.1", r.GetProperty("clientId").GetString()));
            Assert.Equal(3, await SingleSendsAsync() - before);

            var entry = Assert.Single(await silo.HistoryAsync(store, contact));
            Assert.Equal("undelivered", entry.GetProperty("status").GetString());
            Assert.Contains("did not name the message", entry.GetProperty("error").GetString());
            Assert.Contains("3 times", entry.GetProperty("error").GetString());
            Assert.Empty(await silo.SimulatorMessagesAsync(phone));
            listener.RecordObservableInstruments();
            Assert.Contains("undelivered", counted);
            Assert.True(counted.Count(c => c == "retried") >= 2);
        }
        finally
        {
            (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task An_unaccounted_message_a_resend_gets_through_is_sent_once_and_delivered()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        var body = new { text = "Your order", senderName = "MyShop", idempotencyKey = "order-2" };

        (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { omitRate = 1.0 })).EnsureSuccessStatusCode();
        JsonElement first;
        try
        {
            first = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", body)).ReadJsonAsync();
        }
        finally
        {
            (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { })).EnsureSuccessStatusCode();
        }

        Assert.Equal("queued", first.GetProperty("status").GetString());
        var second = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", body)).ReadJsonAsync();
        Assert.Equal("sent", second.GetProperty("status").GetString());
        Assert.Single(await silo.SimulatorMessagesAsync(phone));
        await SendingSiloFixture.EventuallyAsync(
            () => silo.HistoryAsync(store, contact), h => h.Length == 1 && h[0].GetProperty("status").GetString() == "delivered", "the delivery report");
    }
}
