using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Callbacks;

/// <summary>
/// Inbound messages on the callback (Instasent's two-way messaging): replies posted by the test
/// as Instasent posts them, with <c>message</c>, against messages really sent through the simulator.
/// </summary>
[Collection(QuietSendingSiloCollection.Name)]
public sealed class InboundTests(QuietSendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private sealed record Sent(string Store, string Contact, string Phone, string CallbackPath, string ClientId);

    private async Task<Sent> SentAsync(string subscription = "subscribed")
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone, subscription: subscription);
        var sent = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Rebajas hoy", senderName = "MyShop" })).ReadJsonAsync();
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        return new(store, contact, phone, new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath, sent.GetProperty("clientId").GetString()!);
    }

    private async Task<string> PostAsync(string path, object report)
    {
        var answer = await (await _client.PostAsJsonAsync(path, report)).ReadJsonAsync();
        return answer.GetProperty("outcome").GetString()!;
    }

    private async Task<string> SubscriptionAsync(Sent sent) =>
        (await silo.ContactJsonAsync(sent.Store, sent.Contact)).GetProperty("_smsSubscriptionStatus").GetString()!;

    private async Task<JsonElement[]> UnmatchedAsync(string store) =>
        [.. (await (await _client.GetAsync($"/api/stores/{store}/reports/unmatched")).ReadJsonAsync()).GetProperty("items").EnumerateArray()];

    [Theory]
    [InlineData("STOP", "STOP")]
    [InlineData("baja", "BAJA")]
    [InlineData("Stop.", "STOP")]
    [InlineData("stop please", "STOP")]
    [InlineData("¡Arrêt!", "ARRET")]
    public async Task An_opt_out_reply_unsubscribes_the_contact_and_is_kept_in_its_history(string text, string keyword)
    {
        var sent = await SentAsync();

        // Instasent's time of the reply, after the message it answers.
        var repliedAt = new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero).AddMinutes(5);
        var outcome = await PostAsync(sent.CallbackPath, new { id = Ids.Unique("in"), clientId = sent.ClientId, message = text, eventAt = repliedAt });

        Assert.Equal("applied", outcome);
        Assert.Equal("notSubscribed", await SubscriptionAsync(sent));
        var history = await silo.HistoryAsync(sent.Store, sent.Contact);
        Assert.Equal(["inbound", "outbound"], history.Select(e => e.GetProperty("direction").GetString()));
        var reply = history[0];
        Assert.Equal(text, reply.GetProperty("text").GetString());
        Assert.Equal(keyword, reply.GetProperty("keyword").GetString());
        Assert.Equal(sent.ClientId, reply.GetProperty("clientId").GetString());
        Assert.Equal(repliedAt, reply.GetProperty("sentAt").GetDateTimeOffset());

        // The message it answers is as it was: a reply is no news of its delivery.
        Assert.Equal("sent", history[1].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("START", "notSubscribed")]
    [InlineData("Alta", "none")]
    public async Task An_opt_in_reply_subscribes_the_contact(string text, string before)
    {
        var sent = await SentAsync(subscription: before);

        Assert.Equal("applied", await PostAsync(sent.CallbackPath, new { id = Ids.Unique("in"), clientId = sent.ClientId, message = text }));

        Assert.Equal("subscribed", await SubscriptionAsync(sent));
    }

    [Fact]
    public async Task A_stop_status_unsubscribes_and_shows_as_a_reply()
    {
        var sent = await SentAsync();

        Assert.Equal("applied", await PostAsync(sent.CallbackPath, new { id = Ids.Unique("stop"), clientId = sent.ClientId, status = "stop" }));

        Assert.Equal("notSubscribed", await SubscriptionAsync(sent));
        var reply = (await silo.HistoryAsync(sent.Store, sent.Contact))[0];
        Assert.Equal("inbound", reply.GetProperty("direction").GetString());
        Assert.Equal("stop", reply.GetProperty("providerStatus").GetString());
    }

    [Fact]
    public async Task A_reply_without_a_keyword_is_kept_and_starts_the_store_s_sms_reply_workflows_once()
    {
        var sent = await SentAsync();
        await (await _client.PutAsJsonAsync($"/api/stores/{sent.Store}/sms/echo", new { name = "Echo", text = "Recibido: {{reply}} ({{kw}})" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{sent.Store}/workflows/on-reply", """
            {"name":"On reply","trigger":{"type":"event","eventType":"smsReply"},"start":"answer","nodes":[
              {"id":"answer","type":"sendSms","smsId":"echo","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop",
               "variables":{"reply":{"from":"event","property":"text"},"kw":{"from":"event","property":"action"}},"next":null}]}
            """)).ReadJsonAsync();
        await (await _client.PostAsync($"/api/stores/{sent.Store}/workflows/on-reply/activate", null)).ReadJsonAsync();
        var providerId = Ids.Unique("in");

        Assert.Equal("applied", await PostAsync(sent.CallbackPath, new { id = providerId, clientId = sent.ClientId, message = "¿Tenéis la talla M?" }));
        Assert.Equal("unchanged", await PostAsync(sent.CallbackPath, new { id = providerId, clientId = sent.ClientId, message = "¿Tenéis la talla M?" }));

        Assert.Equal("subscribed", await SubscriptionAsync(sent));
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{sent.Store}/workflows/on-reply/runs/reply-{providerId}-{sent.Contact}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed", "the smsReply run to complete");
        Assert.Equal("sent", run.GetProperty("path")[0].GetProperty("outcome").GetString());
        var texts = (await silo.SimulatorMessagesAsync(sent.Phone)).Select(m => m.GetProperty("text").GetString()!).ToArray();
        Assert.Equal(["Rebajas hoy", "Recibido: ¿Tenéis la talla M? (none)"], texts);
        var replies = (await silo.HistoryAsync(sent.Store, sent.Contact)).Where(e => e.GetProperty("direction").GetString() == "inbound").ToArray();
        var reply = Assert.Single(replies);
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("keyword").ValueKind);
    }

    [Fact]
    public async Task Reports_without_a_client_id_are_answered_200_and_listed_as_unmatched()
    {
        var sent = await SentAsync();
        var before = (await silo.ContactJsonAsync(sent.Store, sent.Contact)).ToString();

        Assert.Equal("unmatched", await PostAsync(sent.CallbackPath, new { id = "in-no-client", message = "STOP", from = sent.Phone }));
        Assert.Equal("unmatched", await PostAsync(sent.CallbackPath, new { id = "stop-no-client", status = "stop" }));
        Assert.Equal("unmatched", await PostAsync(sent.CallbackPath, new { id = "ghost-reply", clientId = "ghost.1", message = "hola" }));
        Assert.Equal("unmatched", await PostAsync(sent.CallbackPath, new { id = "foreign", clientId = "their-own-id-42", status = "delivered" }));

        var unmatched = await UnmatchedAsync(sent.Store);
        Assert.Equal(["foreign", "ghost-reply", "stop-no-client", "in-no-client"], unmatched.Select(u => u.GetProperty("report").GetProperty("id").GetString()));
        Assert.Equal(["foreignClientId", "unknownContact", "noClientId", "noClientId"], unmatched.Select(u => u.GetProperty("reason").GetString()));
        Assert.Equal(sent.Phone, unmatched[3].GetProperty("report").GetProperty("from").GetString());
        Assert.Equal("stop", unmatched[2].GetProperty("report").GetProperty("status").GetString());
        Assert.All(unmatched, u => Assert.True(u.GetProperty("receivedAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch));

        // Nothing reached the contact, and no other store sees them.
        Assert.Equal(before, (await silo.ContactJsonAsync(sent.Store, sent.Contact)).ToString());
        Assert.Empty(await UnmatchedAsync(await silo.StoreAsync()));
    }

    [Fact]
    public async Task The_unmatched_list_keeps_the_newest_hundred()
    {
        var sent = await SentAsync();
        for (var i = 0; i < 105; i++)
        {
            Assert.Equal("unmatched", await PostAsync(sent.CallbackPath, new { id = $"n{i}", status = "delivered" }));
        }

        var unmatched = await UnmatchedAsync(sent.Store);
        Assert.Equal(100, unmatched.Length);
        Assert.Equal("n104", unmatched[0].GetProperty("report").GetProperty("id").GetString());
        Assert.Equal("n5", unmatched[^1].GetProperty("report").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_store_s_own_keywords_replace_the_defaults()
    {
        var sent = await SentAsync();
        var channel = await (await _client.PutAsJsonAsync($"/api/stores/{sent.Store}/sms-channel",
            new { provider = "instasent", optOutKeywords = new[] { "basta", "No más" }, optInKeywords = new[] { "volver" } })).ReadJsonAsync();
        Assert.Equal(["BASTA", "NO MAS"], channel.GetProperty("optOutKeywords").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["VOLVER"], channel.GetProperty("optInKeywords").EnumerateArray().Select(k => k.GetString()));

        // A contact's activation trusts the lists it read for a minute: a new contact reads the new ones.
        var channelPath = new Uri((await (await _client.GetAsync($"/api/stores/{sent.Store}/sms-channel")).ReadJsonAsync()).GetProperty("callbackUrl").GetString()!).AbsolutePath;
        var contact = await silo.ContactAsync(sent.Store, TestPhones.Next());
        var message = await (await _client.PostAsJsonAsync($"/api/stores/{sent.Store}/contacts/{contact}/sms", new { text = "Hola", senderName = "MyShop" })).ReadJsonAsync();
        var clientId = message.GetProperty("clientId").GetString()!;

        Assert.Equal("applied", await PostAsync(channelPath, new { id = Ids.Unique("in"), clientId, message = "STOP" }));
        Assert.Equal("subscribed", (await silo.ContactJsonAsync(sent.Store, contact)).GetProperty("_smsSubscriptionStatus").GetString());
        Assert.Equal("applied", await PostAsync(channelPath, new { id = Ids.Unique("in"), clientId, message = "no mas, gracias" }));
        Assert.Equal("subscribed", (await silo.ContactJsonAsync(sent.Store, contact)).GetProperty("_smsSubscriptionStatus").GetString());
        Assert.Equal("applied", await PostAsync(channelPath, new { id = Ids.Unique("in"), clientId, message = "No más" }));
        Assert.Equal("notSubscribed", (await silo.ContactJsonAsync(sent.Store, contact)).GetProperty("_smsSubscriptionStatus").GetString());
        Assert.Equal("applied", await PostAsync(channelPath, new { id = Ids.Unique("in"), clientId, message = "Volver" }));
        Assert.Equal("subscribed", (await silo.ContactJsonAsync(sent.Store, contact)).GetProperty("_smsSubscriptionStatus").GetString());

        // null restores the defaults.
        var restored = await (await _client.PutRawJsonAsync($"/api/stores/{sent.Store}/sms-channel", """{"provider":"instasent","optOutKeywords":null}""")).ReadJsonAsync();
        Assert.Contains("STOP", restored.GetProperty("optOutKeywords").EnumerateArray().Select(k => k.GetString()));
    }

    [Theory]
    [InlineData("""{"provider":"instasent","optOutKeywords":["stop","sto p!"]}""", "optOutKeywords[1]")]
    [InlineData("""{"provider":"instasent","optOutKeywords":[]}""", "optOutKeywords")]
    [InlineData("""{"provider":"instasent","optOutKeywords":"stop"}""", "optOutKeywords")]
    [InlineData("""{"provider":"instasent","optInKeywords":[7]}""", "optInKeywords[0]")]
    [InlineData("""{"provider":"instasent","optOutKeywords":["fin"],"optInKeywords":["start","FIN"]}""", "optInKeywords[1]")]
    public async Task Bad_keyword_lists_are_a_400_naming_the_entry_and_change_nothing(string json, string field)
    {
        var sent = await SentAsync();
        var before = (await (await _client.GetAsync($"/api/stores/{sent.Store}/sms-channel")).ReadJsonAsync()).ToString();

        await (await _client.PutRawJsonAsync($"/api/stores/{sent.Store}/sms-channel", json)).AssertValidationProblemAsync(field);

        Assert.Equal(before, (await (await _client.GetAsync($"/api/stores/{sent.Store}/sms-channel")).ReadJsonAsync()).ToString());
    }

    [Fact]
    public async Task A_reply_to_a_message_sent_to_an_old_number_does_not_change_the_subscription()
    {
        var sent = await SentAsync();
        await (await _client.PutAsJsonAsync($"/api/stores/{sent.Store}/contacts/{sent.Contact}", new { _mobilePhone = TestPhones.Next() })).ReadJsonAsync();

        Assert.Equal("applied", await PostAsync(sent.CallbackPath, new { id = Ids.Unique("in"), clientId = sent.ClientId, message = "STOP" }));

        Assert.Equal("subscribed", await SubscriptionAsync(sent));
    }

    // The whole loop: the simulator posts the number's replies on the store's webhook, as Instasent's two-way messaging does.
    [Fact]
    public async Task Replies_the_simulator_posts_reach_the_contact_or_the_unmatched_list()
    {
        var sent = await SentAsync();

        await (await silo.Simulator.PostAsJsonAsync("/_sim/inbound", new { from = sent.Phone, text = "Baja, por favor" })).ReadJsonAsync(HttpStatusCode.Accepted);
        await SendingSiloFixture.EventuallyAsync(() => SubscriptionAsync(sent), s => s == "notSubscribed", "the reply to unsubscribe the contact");

        await (await silo.Simulator.PostAsJsonAsync("/_sim/inbound", new { from = sent.Phone, text = "START" })).ReadJsonAsync(HttpStatusCode.Accepted);
        await SendingSiloFixture.EventuallyAsync(() => SubscriptionAsync(sent), s => s == "subscribed", "the reply to subscribe the contact again");

        await (await silo.Simulator.PostAsJsonAsync("/_sim/inbound", new { from = sent.Phone, text = "STOP", clientId = "none", status = "stop" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var unmatched = await SendingSiloFixture.EventuallyAsync(() => UnmatchedAsync(sent.Store), u => u.Length == 1, "the stop without clientId to be listed");
        Assert.Equal("noClientId", unmatched[0].GetProperty("reason").GetString());
        Assert.Equal(sent.Phone, unmatched[0].GetProperty("report").GetProperty("from").GetString());
        Assert.Equal("subscribed", await SubscriptionAsync(sent));

        var replies = (await silo.HistoryAsync(sent.Store, sent.Contact)).Where(e => e.GetProperty("direction").GetString() == "inbound").ToArray();
        Assert.Equal(["START", "Baja, por favor"], replies.Select(r => r.GetProperty("text").GetString()!));
    }
}
