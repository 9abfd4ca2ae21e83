using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Domain.Sending;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Sending;

/// <summary>
/// An idempotency key makes a retried request send once; the same key with a different request
/// is a 409 naming the key, never a silent "replayed" that loses the new message.
/// </summary>
[Collection(SendingSiloCollection.Name)]
public sealed class IdempotencyKeyTests(SendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private Task<HttpResponseMessage> SendAsync(string store, string contact, object body) =>
        _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", body);

    private static async Task AssertKeyReusedAsync(HttpResponseMessage response, string key)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("idempotencyKey").EnumerateArray()).GetString();
        Assert.Contains($"'{key}' was already used for a different request", message);
        Assert.Contains(key, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("text", """{"text":"Second message","senderName":"MyShop","variables":{"orderId":"A1"}""")]
    [InlineData("sender", """{"text":"First message","senderName":"Other","variables":{"orderId":"A1"}""")]
    [InlineData("kind", """{"kind":"newsletter","text":"First message","senderName":"MyShop","variables":{"orderId":"A1"}""")]
    [InlineData("variables", """{"text":"First message","senderName":"MyShop","variables":{"orderId":"A2"}""")]
    [InlineData("content", """{"smsId":"welcome","senderName":"MyShop","variables":{"orderId":"A1"}""")]
    public async Task The_same_key_with_a_different_request_is_a_409_naming_the_key_and_sends_nothing(string change, string secondWithoutKey)
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/welcome", new { name = "Welcome", text = "Bienvenida" })).ReadJsonAsync();
        var key = "order-A1-" + change;
        var first = await (await SendAsync(store, contact, new { text = "First message", senderName = "MyShop", variables = new { orderId = "A1" }, idempotencyKey = key })).ReadJsonAsync();
        Assert.Equal("sent", first.GetProperty("status").GetString());

        await AssertKeyReusedAsync(await _client.PostRawJsonAsync($"/api/stores/{store}/contacts/{contact}/sms",
            secondWithoutKey + $$""","idempotencyKey":"{{key}}"}"""), key);

        Assert.Equal("First message", Assert.Single(await silo.SimulatorMessagesAsync(phone)).GetProperty("text").GetString());
        Assert.Single(await silo.HistoryAsync(store, contact));
    }

    [Fact]
    public async Task The_same_request_again_is_replayed_even_when_its_content_was_edited_meanwhile()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/welcome", new { name = "Welcome", text = "Bienvenida {{firstName}}" })).ReadJsonAsync();
        var body = new { smsId = "welcome", senderName = "MyShop", variables = new { code = "X1" }, idempotencyKey = "welcome-1" };
        var first = await (await SendAsync(store, contact, body)).ReadJsonAsync();

        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/welcome", new { name = "Welcome", text = "Hola {{firstName}}" })).ReadJsonAsync();
        var again = await (await SendAsync(store, contact, body)).ReadJsonAsync();

        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.GetProperty("clientId").GetString(), again.GetProperty("clientId").GetString());
        Assert.Equal("Bienvenida Ana", Assert.Single(await silo.SimulatorMessagesAsync(phone)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_alert_key_reused_for_another_number_is_a_409_and_the_same_alert_again_is_replayed()
    {
        var store = await silo.StoreAsync();
        var (phone, other) = (TestPhones.Next(), TestPhones.Next());
        var body = new { to = phone, text = "Stock bajo", senderName = "Ops", idempotencyKey = "stock-1" };
        var first = await (await _client.PostAsJsonAsync($"/api/stores/{store}/alerts", body)).ReadJsonAsync();
        Assert.Equal("sent", first.GetProperty("status").GetString());

        await AssertKeyReusedAsync(await _client.PostAsJsonAsync($"/api/stores/{store}/alerts", body with { to = other }), "stock-1");
        var again = await (await _client.PostAsJsonAsync($"/api/stores/{store}/alerts", body)).ReadJsonAsync();

        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Single(await silo.SimulatorMessagesAsync(phone));
        Assert.Empty(await silo.SimulatorMessagesAsync(other));
    }

    [Fact]
    public async Task A_key_recorded_without_a_fingerprint_replays_whatever_is_asked_as_before()
    {
        // A workflow's send (and any message recorded before fingerprints existed) carries none.
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contactId = await silo.ContactAsync(store, phone);
        var grains = silo.Factory.Services.GetRequiredService<IGrainFactory>();
        var recorded = await grains.GetContact(store, contactId).SendSmsAsync(new SendSmsCommand
        {
            IdempotencyKey = "run-1:send", Kind = SmsKind.Transactional, Text = "From a workflow", SenderName = "MyShop",
        });
        Assert.Equal(SendStatus.Sent, recorded.Status);

        var api = await (await SendAsync(store, contactId, new { text = "Something else", senderName = "MyShop", idempotencyKey = "run-1:send" })).ReadJsonAsync();

        Assert.True(api.GetProperty("replayed").GetBoolean());
        Assert.Equal(recorded.ClientId, api.GetProperty("clientId").GetString());
        Assert.Single(await silo.SimulatorMessagesAsync(phone));

        // And the other way round: a workflow meeting a key an API send recorded replays it.
        await (await SendAsync(store, contactId, new { text = "From the API", senderName = "MyShop", idempotencyKey = "api-1" })).ReadJsonAsync();
        var workflow = await grains.GetContact(store, contactId).SendSmsAsync(new SendSmsCommand
        {
            IdempotencyKey = "api-1", Kind = SmsKind.Transactional, Text = "Another text", SenderName = "MyShop",
        });
        Assert.True(workflow.Replayed);
        Assert.Equal(2, (await silo.SimulatorMessagesAsync(phone)).Count);
    }
}
