using System.Net;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Webhooks;

/// <summary>
/// <c>…/webhooks</c>: a webhook is created, changed, listed, read and deleted; its secret is
/// shown in the answer that made it and never again; bad input is a problem naming the field
/// and the value, and changes nothing.
/// </summary>
[Collection(MemorySiloCollection.Name)]
public sealed class WebhooksApiTests(MemorySiloFixture silo)
{
    private const string Url = "https://hooks.example.com/sms";

    private readonly HttpClient _client = silo.Client;

    private static string Path(string store, string webhookId = "") => $"/api/stores/{store}/webhooks{(webhookId == "" ? "" : "/" + webhookId)}";

    private Task<HttpResponseMessage> PutAsync(string store, string webhookId, string json) => _client.PutRawJsonAsync(Path(store, webhookId), json);

    [Fact]
    public async Task A_webhook_is_created_with_its_secret_shown_once_and_never_again()
    {
        var store = Ids.Store();
        var created = await (await PutAsync(store, "crm", $$"""{"url":"{{Url}}","events":["message.delivered","message.sent","message.delivered"]}""")).ReadJsonAsync();

        var secret = created.GetProperty("secret").GetString()!;
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", secret);
        Assert.Equal("crm", created.GetProperty("webhookId").GetString());
        Assert.Equal(Url, created.GetProperty("url").GetString());
        Assert.Equal(["message.sent", "message.delivered"], created.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.True(created.GetProperty("enabled").GetBoolean());

        // Never again: not in a read, a list, or the answer of a change.
        var read = await (await _client.GetAsync(Path(store, "crm"))).ReadJsonAsync();
        var list = await (await _client.GetAsync(Path(store))).ReadJsonAsync();
        var changed = await (await PutAsync(store, "crm", """{"enabled":false}""")).ReadJsonAsync();
        foreach (var answer in new[] { read, list, changed })
        {
            Assert.DoesNotContain(secret, answer.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("secret", answer.GetRawText(), StringComparison.Ordinal);
        }

        Assert.Equal("crm", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("webhookId").GetString());
        Assert.False(changed.GetProperty("enabled").GetBoolean());
        Assert.Equal(Url, changed.GetProperty("url").GetString());
        Assert.Equal(created.GetProperty("createdAt").GetDateTimeOffset(), changed.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Rotating_shows_a_new_secret_once()
    {
        var store = Ids.Store();
        var first = (await (await PutAsync(store, "crm", $$"""{"url":"{{Url}}","events":["contact.optedOut"]}""")).ReadJsonAsync()).GetProperty("secret").GetString()!;

        var rotated = await (await _client.PostAsync(Path(store, "crm") + "/rotate-secret", null)).ReadJsonAsync();

        var second = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(first, second);
        Assert.StartsWith("whsec_", second, StringComparison.Ordinal);
        var read = (await (await _client.GetAsync(Path(store, "crm"))).ReadJsonAsync()).GetRawText();
        Assert.DoesNotContain(second, read, StringComparison.Ordinal);
        await (await _client.PostAsync(Path(store, "nope") + "/rotate-secret", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deleted_webhook_is_gone_with_its_deliveries()
    {
        var store = Ids.Store();
        await (await PutAsync(store, "crm", $$"""{"url":"{{Url}}","events":["message.sent"]}""")).ReadJsonAsync();
        var deliveries = await (await _client.GetAsync(Path(store, "crm") + "/deliveries")).ReadJsonAsync();
        Assert.Equal(0, deliveries.GetProperty("items").GetArrayLength());
        Assert.Equal(0, deliveries.GetProperty("queued").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(Path(store, "crm"))).StatusCode);

        await (await _client.GetAsync(Path(store, "crm"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync(Path(store, "crm") + "/deliveries")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync(Path(store, "crm"))).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await _client.GetAsync(Path(store))).ReadJsonAsync()).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"url":"http://hooks.example.com/sms","events":["message.sent"]}""", "url", "'http://hooks.example.com/sms'", "loopback")]
    [InlineData("""{"url":"hooks.example.com/sms","events":["message.sent"]}""", "url", "'hooks.example.com/sms'", "absolute")]
    [InlineData("""{"url":"https://user:pw@hooks.example.com/","events":["message.sent"]}""", "url", "password")]
    [InlineData("""{"url":42,"events":["message.sent"]}""", "url", "42")]
    [InlineData("""{"url":"https://hooks.example.com/","events":["message.sent","message.opened"]}""", "events[1]", "'message.opened'", "message.delivered")]
    [InlineData("""{"url":"https://hooks.example.com/","events":["message.sent",7]}""", "events[1]", "7")]
    [InlineData("""{"url":"https://hooks.example.com/","events":[]}""", "events", "at least one")]
    [InlineData("""{"url":"https://hooks.example.com/","events":"message.sent"}""", "events", "'message.sent'")]
    [InlineData("""{"url":"https://hooks.example.com/","events":["message.sent"],"enabled":"yes"}""", "enabled", "'yes'", "true or false")]
    [InlineData("""{"url":"https://hooks.example.com/","events":["message.sent"],"secret":"mine"}""", "secret", "not a property")]
    [InlineData("""{"events":["message.sent"]}""", "url", "required")]
    [InlineData("""{"url":"https://hooks.example.com/"}""", "events", "required")]
    public async Task Bad_input_is_a_problem_naming_the_field_and_value_and_creates_nothing(string body, string field, params string[] mentions)
    {
        var store = Ids.Store();

        await (await PutAsync(store, "crm", body)).AssertValidationProblemAsync(field, mentions);

        await (await _client.GetAsync(Path(store, "crm"))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bad_change_leaves_the_webhook_as_it_was()
    {
        var store = Ids.Store();
        await (await PutAsync(store, "crm", $$"""{"url":"{{Url}}","events":["message.sent"]}""")).ReadJsonAsync();
        var before = (await (await _client.GetAsync(Path(store, "crm"))).ReadJsonAsync()).GetRawText();

        await (await PutAsync(store, "crm", """{"url":"http://10.0.0.1/in","events":["nope"]}""")).AssertValidationProblemAsync("events[0]", "'nope'");

        Assert.Equal(before, (await (await _client.GetAsync(Path(store, "crm"))).ReadJsonAsync()).GetRawText());
    }

    [Fact]
    public async Task A_bad_webhook_id_is_named()
    {
        var response = await PutAsync(Ids.Store(), "no.dots", $$"""{"url":"{{Url}}","events":["message.sent"]}""");

        await response.AssertValidationProblemAsync("webhookId", "'no.dots'");
    }

    [Fact]
    public async Task Plain_http_is_taken_for_loopback_addresses()
    {
        var store = Ids.Store();

        var created = await (await PutAsync(store, "local", """{"url":"http://127.0.0.1:9000/hook","events":["message.inbound"],"enabled":false}""")).ReadJsonAsync();

        Assert.Equal("http://127.0.0.1:9000/hook", created.GetProperty("url").GetString());
        Assert.False(created.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task A_store_has_at_most_ten_webhooks()
    {
        var store = Ids.Store();
        for (var i = 0; i < 10; i++)
        {
            await (await PutAsync(store, $"w{i}", $$"""{"url":"{{Url}}","events":["message.sent"]}""")).ReadJsonAsync();
        }

        var problem = await (await PutAsync(store, "w10", $$"""{"url":"{{Url}}","events":["message.sent"]}""")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("10 webhooks", problem.GetProperty("detail").GetString());
        await (await _client.GetAsync(Path(store, "w10"))).AssertProblemAsync(HttpStatusCode.NotFound);

        // Changing one of the ten is still a change.
        await (await PutAsync(store, "w3", """{"events":["message.delivered"]}""")).ReadJsonAsync();
        Assert.Equal(10, (await (await _client.GetAsync(Path(store))).ReadJsonAsync()).GetProperty("items").GetArrayLength());
    }
}
