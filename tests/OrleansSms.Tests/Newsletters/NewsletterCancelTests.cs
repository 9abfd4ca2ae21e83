using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Newsletters;

/// <summary>Cancelling newsletter runs: mid-run on a throttled store, before its time, and after it completed.</summary>
[Collection(SendingSiloCollection.Name)]
public sealed class NewsletterCancelTests(SendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private const string SendNode = """
        {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","next":null}
        """;

    /// <summary>A store with the given contacts (subscribed, a phone each) and a newsletter workflow "news" sending to them.</summary>
    private async Task<(string Store, Dictionary<string, string> Phones)> NewsletterAsync(IReadOnlyList<string> contactIds, int? throttlePerSecond = null, string at = "null")
    {
        var store = await silo.StoreAsync(throttlePerSecond);
        var phones = contactIds.ToDictionary(id => id, _ => TestPhones.Next());
        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus\n");
        foreach (var (id, phone) in phones)
        {
            csv.Append($"{id},{phone},subscribed\n");
        }

        var imported = await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal(contactIds.Count, imported.GetProperty("created").GetInt32());
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/news", $$"""
            {"name":"News","trigger":{"type":"newsletter","at":{{at}}},"start":"send","nodes":[{{SendNode}}]}
            """)).ReadJsonAsync();
        return (store, phones);
    }

    private Task<JsonElement> RunAsync(string store, string runId) => GetAsync($"/api/stores/{store}/workflows/news/runs/{runId}");

    private async Task<JsonElement> GetAsync(string url) => await (await _client.GetAsync(url)).ReadJsonAsync();

    private Task<HttpResponseMessage> CancelAsync(string store, string runId) =>
        _client.PostAsync($"/api/stores/{store}/workflows/news/runs/{runId}/cancel", null);

    [Fact]
    public async Task A_cancel_mid_run_stops_the_walk_at_its_next_batch_and_no_contact_gets_a_second_SMS()
    {
        // 256 contacts in one partition: one shard walks them, 32 at a time, at 10 SMS a second.
        const int contacts = 256;
        var prefix = Ids.Unique("k");
        var ids = Enumerable.Range(0, int.MaxValue).Select(i => $"{prefix}{i}")
            .Where(id => ContactIndex.PartitionOf(id) == 0).Take(contacts).ToList();
        var (store, phones) = await NewsletterAsync(ids, throttlePerSecond: 10);

        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "stop-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        await SendingSiloFixture.EventuallyAsync(() => RunAsync(store, "stop-1"),
            r => r.GetProperty("contacts").GetInt64() >= 32, "the first batch to be counted", seconds: 60);

        var cancelled = await (await CancelAsync(store, "stop-1")).ReadJsonAsync();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var at = cancelled.GetProperty("cancelledAt").GetDateTimeOffset();

        // Every shard stops and reports: the counters are final then.
        var run = await SendingSiloFixture.EventuallyAsync(() => RunAsync(store, "stop-1"),
            r => r.GetProperty("shardsDone").GetInt32() == ContactIndex.Partitions, "every shard to stop", seconds: 60);
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("completedAt").ValueKind);
        var sent = run.GetProperty("sent").GetInt64();
        Assert.InRange(sent, 32, contacts - 32);
        Assert.Equal(sent, run.GetProperty("contacts").GetInt64());
        Assert.Equal(0, run.GetProperty("queued").GetInt64());

        // Cancelled again, or started again under the same id: nothing moves.
        var again = await (await CancelAsync(store, "stop-1")).ReadJsonAsync();
        Assert.Equal(("cancelled", at), (again.GetProperty("status").GetString(), again.GetProperty("cancelledAt").GetDateTimeOffset()));
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "stop-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var restarted = await RunAsync(store, "stop-1");
        Assert.Equal(("cancelled", sent), (restarted.GetProperty("status").GetString(), restarted.GetProperty("sent").GetInt64()));

        // Instasent has exactly the messages the run counted, below the audience, one per contact.
        var perPhone = new List<int>();
        foreach (var phone in phones.Values)
        {
            perPhone.Add((await silo.SimulatorMessagesAsync(phone)).Count);
        }

        Assert.All(perPhone, count => Assert.InRange(count, 0, 1));
        Assert.Equal(sent, perPhone.Sum());
    }

    [Fact]
    public async Task A_scheduled_newsletter_cancelled_before_its_time_never_starts()
    {
        var (store, phones) = await NewsletterAsync([Ids.Contact()], at: "\"2099-01-01T09:00:00Z\"");
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "later" })).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("scheduled", (await RunAsync(store, "later")).GetProperty("status").GetString());

        var cancelled = await (await CancelAsync(store, "later")).ReadJsonAsync();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(0, cancelled.GetProperty("shardsDone").GetInt32());
        Assert.Equal(0, cancelled.GetProperty("contacts").GetInt64());
        Assert.Empty(await silo.SimulatorMessagesAsync(phones.Values.Single()));
    }

    [Fact]
    public async Task A_completed_newsletter_is_409_and_stays_completed()
    {
        var (store, phones) = await NewsletterAsync([Ids.Contact(), Ids.Contact()]);
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "done" })).ReadJsonAsync(HttpStatusCode.Accepted);
        await SendingSiloFixture.EventuallyAsync(() => RunAsync(store, "done"), r => r.GetProperty("status").GetString() == "completed", "the newsletter to complete");

        var problem = await (await CancelAsync(store, "done")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("completed", problem.GetProperty("detail").GetString());
        var run = await RunAsync(store, "done");
        Assert.Equal(("completed", 2L), (run.GetProperty("status").GetString(), run.GetProperty("sent").GetInt64()));
        Assert.Equal(JsonValueKind.Null, run.GetProperty("cancelledAt").ValueKind);
    }
}

/// <summary>A silo whose sends never wait for the store's rate: what the rate cannot take at once is queued at its contact.</summary>
public sealed class QueueingSiloFixture() : SendingSiloFixture(deliveryDelayMs: 20, new Dictionary<string, string?>
{
    ["Connector:MaxThrottleWait"] = "00:00:00",
});

public sealed class NewsletterCancelQueuedTests(QueueingSiloFixture silo) : IClassFixture<QueueingSiloFixture>
{
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task A_cancel_after_the_walk_withdraws_the_messages_still_queued_and_sends_none_of_them()
    {
        // One SMS a second, and no waiting for it: of six sent at once, the rate takes one, five are queued.
        var store = await silo.StoreAsync(throttlePerSecond: 1);
        var contacts = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            contacts.Add(await silo.ContactAsync(store, TestPhones.Next()));
        }

        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/news", """
            {"name":"News","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","next":null}]}
            """)).ReadJsonAsync();
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "q-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var walked = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/news/runs/q-1")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed", "the walk to end");
        var (sent, queued) = (walked.GetProperty("sent").GetInt64(), walked.GetProperty("queued").GetInt64());
        Assert.True(queued > 0, $"nothing was queued: {walked}");

        // Walked, with messages queued: still cancellable.
        var cancelled = await (await _client.PostAsync($"/api/stores/{store}/workflows/news/runs/q-1/cancel", null)).ReadJsonAsync();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());

        // Each contact's resend reminder comes, as Orleans delivers it: the queued messages are withdrawn, not sent.
        var grains = silo.Factory.Services.GetRequiredService<IGrainFactory>();
        foreach (var contact in contacts)
        {
            await grains.GetContact(store, contact).AsReference<IRemindable>().ReceiveReminder("resend-pending", default);
        }

        var states = new List<string>();
        foreach (var contact in contacts)
        {
            var message = Assert.Single(await silo.HistoryAsync(store, contact));
            states.Add(message.GetProperty("state").GetString()!);
            if (message.GetProperty("state").GetString() == "refused")
            {
                Assert.Contains("newsletter run was cancelled", message.GetProperty("error").GetString());
                Assert.Empty(await silo.SimulatorMessagesAsync(message.GetProperty("to").GetString()!));
            }
        }

        Assert.DoesNotContain("pending", states);
        Assert.Equal(queued, states.Count(s => s == "refused"));
        Assert.Equal(sent, states.Count(s => s != "refused"));
    }
}
