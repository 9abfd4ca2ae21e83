using System.Net;
using Xunit.Abstractions;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Instasent;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Newsletters;

/// <summary>
/// The bundled simulator with Instasent's request ceiling at a low value: 4 requests per token
/// and endpoint in windows of one second (a minute's ceiling on a short window, so the run takes
/// seconds). Its own silo, so the 429 counts are this test's alone.
/// </summary>
public sealed class RateLimitedSiloFixture() : SendingSiloFixture(deliveryDelayMs: 20, new Dictionary<string, string?>
{
    ["Simulator:RequestsPerMinute"] = "4",
    ["Simulator:RateLimitWindowSeconds"] = "1",
    ["Instasent:MaxRetries"] = "10",
    ["Instasent:RateLimitJitter"] = "00:00:00.050",
});

public sealed class RateLimitedNewsletterTests(RateLimitedSiloFixture silo, ITestOutputHelper output) : IClassFixture<RateLimitedSiloFixture>
{
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task A_2000_message_newsletter_under_a_low_request_ceiling_sends_each_message_once_without_opening_the_circuit()
    {
        const int contacts = 2_000;
        var store = await silo.StoreAsync();
        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus,firstName\n");
        var phones = new HashSet<string>();
        for (var i = 0; i < contacts; i++)
        {
            var phone = TestPhones.Next();
            phones.Add(phone);
            csv.Append($"r{i},{phone},subscribed,Name{i}\n");
        }

        var imported = await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal(contacts, imported.GetProperty("created").GetInt32());
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Hola {{firstName}}" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/limited", """
            {"name":"Limited","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop",
               "variables":{"firstName":{"from":"contact","field":"firstName"}},"next":null}]}
            """)).ReadJsonAsync();

        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/limited/runs", new { runId = "limited-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/limited/runs/limited-1")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed", "the newsletter to complete", seconds: 120);

        Assert.Equal(contacts, run.GetProperty("sent").GetInt64());
        Assert.Equal(0, run.GetProperty("failed").GetInt64());

        // Every message exactly once at Instasent.
        var all = await silo.Simulator.GetFromJsonAsync<List<JsonElement>>("/_sim/messages");
        var perPhone = all!.Select(m => m.GetProperty("to").GetString()!).Where(phones.Contains).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(contacts, perPhone.Count);
        Assert.All(perPhone, p => Assert.Equal(1, p.Value));

        // No circuit opened, and the 429s the simulator answered are the ones the client counted.
        Assert.Equal(0, silo.Factory.Services.GetRequiredService<InstasentCircuit>().OpenedCount);
        var stats = await silo.Simulator.GetFromJsonAsync<JsonElement>("/_sim/stats");
        var answered429 = stats.GetProperty("rateLimited").GetInt64();
        var counted429 = silo.Factory.Services.GetRequiredService<InstasentRateLimits>().RateLimitedCount;
        var requests = stats.GetProperty("requests");
        output.WriteLine($"429s: {answered429} answered, {counted429} counted; requests: {requests}");
        Assert.Equal(answered429, counted429);
    }

    [Fact]
    public async Task One_send_after_another_waits_for_the_window_before_Instasent_refuses_it()
    {
        var store = await silo.StoreAsync();
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/hello", new { name = "Hello", text = "Hola" })).ReadJsonAsync();
        var phones = new List<string>();
        var contacts = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            phones.Add(TestPhones.Next());
            contacts.Add(await silo.ContactAsync(store, phones[^1]));
        }

        var before = (await silo.Simulator.GetFromJsonAsync<JsonElement>("/_sim/stats")).GetProperty("rateLimited").GetInt64();
        foreach (var contact in contacts)
        {
            var result = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms",
                new { smsId = "hello", senderName = "MyShop", kind = "transactional" })).ReadJsonAsync();
            Assert.Equal("sent", result.GetProperty("status").GetString());
        }

        // The connector saw X-RateLimit-Remaining fall to the reserve (1 of 4) and held the next
        // send until the reset: Instasent refused none, and no window took more than 3.
        var after = (await silo.Simulator.GetFromJsonAsync<JsonElement>("/_sim/stats")).GetProperty("rateLimited").GetInt64();
        Assert.Equal(before, after);
        var perWindow = new List<long>();
        foreach (var phone in phones)
        {
            var sms = Assert.Single(await silo.SimulatorMessagesAsync(phone));
            perWindow.Add(sms.GetProperty("receivedAt").GetDateTimeOffset().ToUnixTimeSeconds());
        }

        Assert.All(perWindow.GroupBy(second => second), window => Assert.InRange(window.Count(), 1, 3));
    }
}
