using System.Net.Http.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Sending;

/// <summary>Silo → connector → simulator over HTTP → delivery report back to the silo → contact.</summary>
[Collection(SendingSiloCollection.Name)]
public sealed class SendEndToEndTests(SendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private Task<HttpResponseMessage> SendAsync(string store, string contact, object body) =>
        _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", body);

    [Fact]
    public async Task A_transactional_send_reaches_the_simulator_rendered_and_the_history_shows_it_delivered()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone, firstName: "Ana");
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/welcome", new { name = "Welcome", text = "Hola {{firstName}}, tu pedido {{orderId}} está listo" })).ReadJsonAsync();

        var result = await (await SendAsync(store, contact, new
        {
            smsId = "welcome", senderName = "MyShop", kind = "transactional", variables = new { orderId = "A1" },
        })).ReadJsonAsync();

        Assert.Equal("sent", result.GetProperty("status").GetString());
        var clientId = result.GetProperty("clientId").GetString();
        Assert.Equal($"{contact}.1", clientId);

        var atSimulator = Assert.Single(await silo.SimulatorMessagesAsync(phone));
        Assert.Equal("Hola Ana, tu pedido A1 está listo", atSimulator.GetProperty("text").GetString());
        Assert.Equal(clientId, atSimulator.GetProperty("clientId").GetString());
        Assert.Equal("MyShop", atSimulator.GetProperty("from").GetString());

        var history = await SendingSiloFixture.EventuallyAsync(
            () => silo.HistoryAsync(store, contact), h => h.Length == 1 && h[0].GetProperty("status").GetString() == "delivered", "the delivery report");
        Assert.Equal(atSimulator.GetProperty("id").GetString(), history[0].GetProperty("providerId").GetString());
        Assert.Equal("welcome", history[0].GetProperty("smsId").GetString());
        Assert.Equal("transactional", history[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_sends_once()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        var body = new { text = "Once only", senderName = "MyShop", idempotencyKey = "run-1/node-1" };

        var first = await (await SendAsync(store, contact, body)).ReadJsonAsync();
        var second = await (await SendAsync(store, contact, body)).ReadJsonAsync();

        Assert.False(first.GetProperty("replayed").GetBoolean());
        Assert.True(second.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.GetProperty("clientId").GetString(), second.GetProperty("clientId").GetString());
        Assert.Single(await silo.SimulatorMessagesAsync(phone));
    }

    [Fact]
    public async Task A_newsletter_needs_a_subscription_and_a_transactional_message_does_not()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone, subscription: "notSubscribed");

        var newsletter = await (await SendAsync(store, contact, new { text = "Sale!", senderName = "MyShop", kind = "newsletter" })).ReadJsonAsync();
        Assert.Equal("skipped", newsletter.GetProperty("status").GetString());
        Assert.Equal("notSubscribed", newsletter.GetProperty("skipReason").GetString());
        Assert.Empty(await silo.SimulatorMessagesAsync(phone));

        var transactional = await (await SendAsync(store, contact, new { text = "Your order", senderName = "MyShop", kind = "transactional" })).ReadJsonAsync();
        Assert.Equal("sent", transactional.GetProperty("status").GetString());
        Assert.Single(await silo.SimulatorMessagesAsync(phone));
    }

    [Fact]
    public async Task A_failed_report_bounces_the_contact_and_a_stop_unsubscribes_it()
    {
        var store = await silo.StoreAsync();
        var (failing, stopping) = (TestPhones.Next(), TestPhones.Next());
        await (await silo.Simulator.PutAsJsonAsync("/_sim/outcomes", new Dictionary<string, string> { [failing] = "failed", [stopping] = "stop" })).ReadJsonAsync();
        var bounced = await silo.ContactAsync(store, failing);
        var unsubscribed = await silo.ContactAsync(store, stopping);

        await (await SendAsync(store, bounced, new { text = "Hi", senderName = "MyShop" })).ReadJsonAsync();
        await (await SendAsync(store, unsubscribed, new { text = "Hi", senderName = "MyShop" })).ReadJsonAsync();

        await SendingSiloFixture.EventuallyAsync(() => silo.ContactJsonAsync(store, bounced),
            c => c.GetProperty("_mobilePhoneStatus").GetString() == "bounced", "the bounce");
        var bouncedEntry = (await silo.HistoryAsync(store, bounced))[0];
        Assert.Equal("undelivered", bouncedEntry.GetProperty("status").GetString());
        Assert.Equal("failed", bouncedEntry.GetProperty("state").GetString());
        await SendingSiloFixture.EventuallyAsync(() => silo.ContactJsonAsync(store, unsubscribed),
            c => c.GetProperty("_smsSubscriptionStatus").GetString() == "notSubscribed", "the STOP");
        Assert.Equal("active", (await silo.ContactJsonAsync(store, unsubscribed)).GetProperty("_mobilePhoneStatus").GetString());

        // Bounced now: the next send is skipped, transactional or not.
        var next = await (await SendAsync(store, bounced, new { text = "Hi again", senderName = "MyShop" })).ReadJsonAsync();
        Assert.Equal("bounced", next.GetProperty("skipReason").GetString());
    }

    [Fact]
    public async Task An_alert_goes_to_its_fixed_number_with_its_own_client_id_and_history()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var result = await (await _client.PostAsJsonAsync($"/api/stores/{store}/alerts",
            new { to = phone, text = "Stock low: {{sku}}", senderName = "Ops", variables = new { sku = "X-1" } })).ReadJsonAsync();

        Assert.Equal("sent", result.GetProperty("status").GetString());
        Assert.Equal(".1", result.GetProperty("clientId").GetString());
        Assert.Equal("Stock low: X-1", Assert.Single(await silo.SimulatorMessagesAsync(phone)).GetProperty("text").GetString());
        await SendingSiloFixture.EventuallyAsync(
            async () => (await (await _client.GetAsync($"/api/stores/{store}/alerts")).ReadJsonAsync()).EnumerateArray().ToArray(),
            h => h.Length == 1 && h[0].GetProperty("status").GetString() == "delivered", "the alert's delivery report");
    }

    [Theory]
    [InlineData("""{"text":"Hi","senderName":"My Shop Online"}""", "senderName", "'My Shop Online'")]
    [InlineData("""{"text":"Hi","senderName":"12345"}""", "senderName", "digits only")]
    [InlineData("""{"text":"Hi"}""", "senderName", "required")]
    [InlineData("""{"senderName":"MyShop"}""", "smsId", "either smsId")]
    [InlineData("""{"smsId":"nope","senderName":"MyShop"}""", "smsId", "'nope'")]
    [InlineData("""{"text":"Hi","senderName":"MyShop","kind":"promo"}""", "kind", "'promo'")]
    public async Task A_bad_send_request_is_a_400_naming_the_field_and_sends_nothing(string json, string field, string mention)
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        await (await _client.PostRawJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", json)).AssertValidationProblemAsync(field, mention);
        Assert.Empty(await silo.SimulatorMessagesAsync(phone));
    }
}
