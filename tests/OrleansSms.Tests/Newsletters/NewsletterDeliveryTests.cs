using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Newsletters;

/// <summary>A newsletter's run counts what Instasent reported of its messages: delivered and undelivered, each once.</summary>
[Collection(SendingSiloCollection.Name)]
public sealed class NewsletterDeliveryTests(SendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task The_run_counts_delivered_and_undelivered_messages_once_however_often_reported()
    {
        const int contacts = 60;
        var store = await silo.StoreAsync();
        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus\n");
        var phones = new List<string>();
        for (var i = 0; i < contacts; i++)
        {
            phones.Add(TestPhones.Next());
            csv.Append($"d{i},{phones[^1]},subscribed\n");
        }

        // 6 hard bounces, 6 soft ones, 3 still on their way; the rest delivered.
        var outcomes = new Dictionary<string, string>();
        for (var i = 0; i < 15; i++)
        {
            outcomes[phones[i]] = i < 6 ? "failed" : i < 12 ? "expired" : "buffered";
        }

        await (await silo.Simulator.PutAsJsonAsync("/_sim/outcomes", outcomes)).ReadJsonAsync();
        await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/counted", """
            {"name":"Counted","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","variables":{},"next":null}]}
            """)).ReadJsonAsync();

        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/counted/runs", new { runId = "counted-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/counted/runs/counted-1")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed" && r.GetProperty("delivered").GetInt64() == 45 && r.GetProperty("undelivered").GetInt64() == 12,
            "the run to count every report", seconds: 60);
        Assert.Equal(contacts, run.GetProperty("sent").GetInt64());

        // Instasent repeats reports: every one of them posted again changes no count.
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        var path = new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;
        foreach (var phone in phones)
        {
            var sms = Assert.Single(await silo.SimulatorMessagesAsync(phone));
            var status = outcomes.GetValueOrDefault(phone, "delivered");
            var answer = await (await _client.PostAsJsonAsync(path, new { id = sms.GetProperty("id").GetString(), clientId = sms.GetProperty("clientId").GetString(), status })).ReadJsonAsync();
            Assert.Equal("unchanged", answer.GetProperty("outcome").GetString());
        }

        var again = await (await _client.GetAsync($"/api/stores/{store}/workflows/counted/runs/counted-1")).ReadJsonAsync();
        Assert.Equal(45, again.GetProperty("delivered").GetInt64());
        Assert.Equal(12, again.GetProperty("undelivered").GetInt64());
    }
}
