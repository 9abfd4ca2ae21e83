using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Callbacks;

/// <summary>
/// A report with the right callback secret and clientId but an Instasent id of its own, posted
/// while the message is still on its way to Instasent (our send call not yet answered): it is
/// kept aside, and dropped once the answer names another id. Nothing of the contact moves.
/// </summary>
[Collection(QuietSendingSiloCollection.Name)]
public sealed class ForgedReportTests(QuietSendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task A_forged_report_for_a_pending_message_bounces_nothing_and_names_no_id()
    {
        var store = await silo.StoreAsync();
        var contact = await silo.ContactAsync(store, TestPhones.Next());
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        var path = new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;

        // Instasent is slow to answer: the message stays pending while the forged report comes.
        (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { latencyMs = 3_000 })).EnsureSuccessStatusCode();
        JsonElement sent;
        try
        {
            var sending = _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Hola", senderName = "MyShop" });

            // Posted until the contact has recorded the message (reports interleave with the send in flight).
            var forged = await SendingSiloFixture.EventuallyAsync(
                async () => (await (await _client.PostAsJsonAsync(path, new { id = "forged-1", clientId = $"{contact}.1", status = "failed", code = 1 })).ReadJsonAsync()).GetProperty("outcome").GetString(),
                outcome => outcome != "ignored", "the pending record");
            Assert.Equal("held", forged);
            Assert.False(sending.IsCompleted, "the send call should still be waiting for the simulator");

            sent = await (await sending).ReadJsonAsync();
        }
        finally
        {
            (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { })).EnsureSuccessStatusCode();
        }

        // Instasent named its own id: the held report was not about this message.
        var providerId = sent.GetProperty("providerId").GetString()!;
        Assert.NotEqual("forged-1", providerId);
        var entry = Assert.Single(await silo.HistoryAsync(store, contact));
        Assert.NotEqual("undelivered", entry.GetProperty("status").GetString());
        var after = await silo.ContactJsonAsync(store, contact);
        Assert.Equal("active", after.GetProperty("_mobilePhoneStatus").GetString());
        Assert.Equal(0, after.GetProperty("softBounces").GetInt32());

        // The forged id stays foreign; Instasent's own report counts.
        var clientIdOfSend = sent.GetProperty("clientId").GetString()!;
        var again = await (await _client.PostAsJsonAsync(path, new { id = "forged-1", clientId = clientIdOfSend, status = "failed" })).ReadJsonAsync();
        Assert.Equal("ignored", again.GetProperty("outcome").GetString());
        var real = await (await _client.PostAsJsonAsync(path, new { id = providerId, clientId = clientIdOfSend, status = "delivered" })).ReadJsonAsync();
        Assert.Equal("applied", real.GetProperty("outcome").GetString());
        Assert.Equal("delivered", Assert.Single(await silo.HistoryAsync(store, contact)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_genuine_report_that_beats_the_answer_counts_once_the_answer_names_its_id()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        var path = new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;

        // Instasent takes the message, then is slow to say so: its report can come first.
        (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { answerLatencyMs = 3_000 })).EnsureSuccessStatusCode();
        JsonElement sent;
        try
        {
            var sending = _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Hola", senderName = "MyShop" });
            var clientId = $"{contact}.1";
            var atInstasent = await SendingSiloFixture.EventuallyAsync(() => silo.SimulatorMessagesAsync(phone),
                m => m.Count == 1, "the message at the simulator");
            var early = await (await _client.PostAsJsonAsync(path, new { id = atInstasent[0].GetProperty("id").GetString(), clientId, status = "rejected", code = 4 })).ReadJsonAsync();
            Assert.Equal("held", early.GetProperty("outcome").GetString());

            sent = await (await sending).ReadJsonAsync();
        }
        finally
        {
            (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { })).EnsureSuccessStatusCode();
        }

        // The answer named the report's id: the rejection counts, a hard bounce.
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        var entry = Assert.Single(await silo.HistoryAsync(store, contact));
        Assert.Equal("undelivered", entry.GetProperty("status").GetString());
        Assert.Equal("rejected", entry.GetProperty("providerStatus").GetString());
        Assert.Equal("bounced", (await silo.ContactJsonAsync(store, contact)).GetProperty("_mobilePhoneStatus").GetString());
    }
}
