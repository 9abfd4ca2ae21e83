using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Sending;

/// <summary>
/// The channel's <c>maxSegments</c> bounds the rendered text, variables filled in: a longer
/// message is skipped <c>tooLong</c>, counted, and never reaches Instasent.
/// </summary>
[Collection(SendingSiloCollection.Name)]
public sealed class MessageLengthTests(SendingSiloFixture silo)
{
    /// <summary>Near the 16,384 characters a JSON string may have: about 105 GSM-7 segments once rendered.</summary>
    private static readonly string Huge = new('x', 16_000);

    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task A_direct_send_whose_variable_makes_it_too_long_is_skipped_tooLong_saying_why_and_nothing_is_sent()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);

        var result = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms",
            new { text = "Hola {{firstName}}: {{note}}", senderName = "MyShop", variables = new { note = Huge } })).ReadJsonAsync();

        Assert.Equal("skipped", result.GetProperty("status").GetString());
        Assert.Equal("tooLong", result.GetProperty("skipReason").GetString());
        var error = result.GetProperty("error").GetString();
        Assert.Contains("105 segments", error);
        Assert.Contains("maxSegments is 10", error);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("clientId").ValueKind);
        Assert.Empty(await silo.SimulatorMessagesAsync(phone));
        Assert.Empty(await silo.HistoryAsync(store, contact));

        // The same send with a short value goes.
        var fits = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms",
            new { text = "Hola {{firstName}}: {{note}}", senderName = "MyShop", variables = new { note = "ok" } })).ReadJsonAsync();
        Assert.Equal("sent", fits.GetProperty("status").GetString());
        Assert.Equal("Hola Ana: ok", Assert.Single(await silo.SimulatorMessagesAsync(phone)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_limit_is_the_channel_setting_counted_in_gsm7_or_ucs2_segments_of_the_rendered_text()
    {
        var store = await silo.StoreAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms-channel", """{"maxSegments":2}""")).ReadJsonAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);

        async Task<JsonElement> SendAsync(string value) =>
            await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms",
                new { text = "{{v}}", senderName = "MyShop", variables = new { v = value } })).ReadJsonAsync();

        Assert.Equal("sent", (await SendAsync(new string('a', 306))).GetProperty("status").GetString()); // 2 x 153
        Assert.Equal("tooLong", (await SendAsync(new string('a', 307))).GetProperty("skipReason").GetString());
        Assert.Equal("sent", (await SendAsync(new string('á', 134))).GetProperty("status").GetString()); // 2 x 67, UCS-2
        var ucs2 = await SendAsync(new string('á', 135));
        Assert.Equal("tooLong", ucs2.GetProperty("skipReason").GetString());
        Assert.Contains("UCS-2", ucs2.GetProperty("error").GetString());
        Assert.Equal(2, (await silo.SimulatorMessagesAsync(phone)).Count);
    }

    [Fact]
    public async Task An_alert_that_renders_too_long_is_skipped_and_not_sent()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();

        var result = await (await _client.PostAsJsonAsync($"/api/stores/{store}/alerts",
            new { to = phone, text = "Stock: {{sku}}", senderName = "Ops", variables = new { sku = Huge } })).ReadJsonAsync();

        Assert.Equal("skipped", result.GetProperty("status").GetString());
        Assert.Equal("tooLong", result.GetProperty("skipReason").GetString());
        Assert.Empty(await silo.SimulatorMessagesAsync(phone));
        Assert.Empty((await (await _client.GetAsync($"/api/stores/{store}/alerts")).ReadJsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task An_event_property_that_makes_the_message_too_long_skips_the_step_tooLong()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/confirm", new { name = "Confirm", text = "Pedido {{orderId}}" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/orders", """
            {"name":"Orders","trigger":{"type":"event","eventType":"purchase"},"start":"confirm","nodes":[
              {"id":"confirm","type":"sendSms","smsId":"confirm","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop",
               "variables":{"orderId":{"from":"event","property":"orderId"}},"next":null}]}
            """)).ReadJsonAsync();
        await (await _client.PostAsync($"/api/stores/{store}/workflows/orders/activate", null)).ReadJsonAsync();

        var accepted = await (await _client.PostAsJsonAsync($"/api/stores/{store}/events",
            new { type = "purchase", contactId = contact, properties = new { orderId = Huge } })).ReadJsonAsync(HttpStatusCode.Accepted);
        var runId = accepted.GetProperty("runs")[0].GetProperty("runId").GetString();
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/orders/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() is "completed" or "failed", "the run to finish");

        var step = Assert.Single(run.GetProperty("path").EnumerateArray());
        Assert.Equal("skipped", step.GetProperty("outcome").GetString());
        Assert.Equal("tooLong", step.GetProperty("detail").GetString());
        Assert.Empty(await silo.SimulatorMessagesAsync(phone));
    }

    [Fact]
    public async Task A_newsletter_skips_and_counts_the_contacts_whose_message_renders_too_long()
    {
        var store = await silo.StoreAsync();
        var (shortPhone, longPhone) = (TestPhones.Next(), TestPhones.Next());
        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus,bio\n")
            .Append($"short1,{shortPhone},subscribed,Hi\n")
            .Append($"long1,{longPhone},subscribed,{new string('x', 4_000)}\n");
        await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades: {{bio}}" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/weekly", """
            {"name":"Weekly","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop",
               "variables":{"bio":{"from":"contact","field":"bio"}},"next":null}]}
            """)).ReadJsonAsync();

        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/weekly/runs", new { runId = "weekly-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/weekly/runs/weekly-1")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed", "the newsletter to complete", seconds: 60);

        Assert.Equal(2, run.GetProperty("contacts").GetInt64());
        Assert.Equal(1, run.GetProperty("sent").GetInt64());
        Assert.Equal(1, run.GetProperty("skipped").GetProperty("tooLong").GetInt64());
        Assert.Equal(0, run.GetProperty("failed").GetInt64());
        Assert.Single(await silo.SimulatorMessagesAsync(shortPhone));
        Assert.Empty(await silo.SimulatorMessagesAsync(longPhone));
    }
}
