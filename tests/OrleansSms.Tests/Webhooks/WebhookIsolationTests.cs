using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansSms.Domain.Webhooks;
using OrleansSms.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansSms.Tests.Webhooks;

/// <summary>
/// A webhook whose endpoint hangs holds only its own deliveries: a newsletter runs through to
/// the end as it does without webhooks, and the store's other webhook gets every event.
/// </summary>
[Collection(WebhookSiloCollection.Name)]
public sealed class WebhookIsolationTests(WebhookSiloFixture silo, ITestOutputHelper output)
{
    private const int Contacts = 300;

    private readonly HttpClient _client = silo.Client;

    private async Task<string> NewsletterStoreAsync()
    {
        var store = await silo.StoreAsync();
        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus\n");
        for (var i = 0; i < Contacts; i++)
        {
            csv.Append($"n{i},{TestPhones.Next()},subscribed\n");
        }

        var imported = await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal(Contacts, imported.GetProperty("created").GetInt32());
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/weekly", """
            {"name":"Weekly","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","variables":{},"next":null}]}
            """)).ReadJsonAsync();
        return store;
    }

    private async Task<(JsonElement Run, TimeSpan Took)> RunAsync(string store)
    {
        var clock = Stopwatch.StartNew();
        var runId = (await (await _client.PostAsync($"/api/stores/{store}/workflows/weekly/runs", null)).ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("runId").GetString();
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/weekly/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed", "the newsletter to complete", seconds: 120);
        return (run, clock.Elapsed);
    }

    [Fact]
    public async Task A_hanging_webhook_slows_no_newsletter_nor_the_stores_other_webhook()
    {
        var plain = await NewsletterStoreAsync();
        var hooked = await NewsletterStoreAsync();
        var (hanging, healthy) = (Ids.Unique("hang"), Ids.Unique("crm"));
        silo.Receiver.Hang(hanging);
        await silo.WebhookAsync(hooked, "stuck", hanging, [.. WebhookEventTypes.All.Select(WebhookEventTypes.ToWire)]);
        await silo.WebhookAsync(hooked, "crm", healthy, "message.sent");

        var (without, tookWithout) = await RunAsync(plain);
        var (with, tookWith) = await RunAsync(hooked);
        output.WriteLine($"newsletter of {Contacts} contacts: {tookWithout.TotalMilliseconds:0} ms without webhooks, {tookWith.TotalMilliseconds:0} ms with a webhook that hangs (and a healthy one)");

        foreach (var run in new[] { without, with })
        {
            Assert.Equal(Contacts, run.GetProperty("contacts").GetInt64());
            Assert.Equal(Contacts, run.GetProperty("sent").GetInt64());
            Assert.Equal(0, run.GetProperty("failed").GetInt64());
            Assert.Equal(0, run.GetProperty("queued").GetInt64());
        }

        // The healthy webhook gets one message.sent per contact while the other hangs.
        var received = await SendingSiloFixture.EventuallyAsync(
            () => Task.FromResult(silo.Receiver.Received(healthy)), r => r.Count(d => d.Delivered) >= Contacts, "every event at the healthy webhook", seconds: 60);
        Assert.Equal(Contacts, received.Where(d => d.Delivered).Select(d => d.ContactId).Distinct().Count());
        Assert.All(received, d => Assert.Equal("message.sent", d.Type));

        // The hanging one holds every event queued, with only its few attempts in flight.
        var stuck = await silo.DeliveriesAsync(hooked, "stuck");
        Assert.Equal(Contacts, stuck.GetProperty("queued").GetInt32());
        Assert.Equal(0, stuck.GetProperty("dropped").GetInt64());
        Assert.InRange(silo.Receiver.Received(hanging).Count, 1, Abstractions.Webhooks.WebhookKeys.Partitions * new Grains.Webhooks.WebhookOptions().MaxConcurrentAttempts);

        foreach (var webhook in new[] { "stuck", "crm" })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/stores/{hooked}/webhooks/{webhook}")).StatusCode);
        }
    }
}
