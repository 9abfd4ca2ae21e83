using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Newsletters;

[Collection(SendingSiloCollection.Name)]
public sealed class NewsletterTests(SendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task A_newsletter_over_10k_contacts_counts_every_skip_reason_and_sends_each_eligible_contact_exactly_once()
    {
        const int contacts = 10_000;
        var store = await silo.StoreAsync();

        // Mixed statuses, by row number: every fifth bounced, every seventh paused, every third
        // not subscribed, every eleventh without a phone; the rest are eligible.
        var csv = new StringBuilder("contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,firstName\n");
        var expected = new Dictionary<string, int> { ["sent"] = 0, ["bounced"] = 0, ["paused"] = 0, ["notSubscribed"] = 0, ["noPhone"] = 0 };
        var eligiblePhones = new HashSet<string>();
        for (var i = 0; i < contacts; i++)
        {
            var phone = TestPhones.Next();
            var (hasPhone, status, subscription) = (i % 11 != 0, i % 5 == 0 ? "bounced" : i % 7 == 0 ? "paused" : "active", i % 3 == 0 ? "notSubscribed" : "subscribed");
            csv.Append($"n{i},{(hasPhone ? phone : "")},{status},{subscription},Name{i}\n");
            var outcome = !hasPhone ? "noPhone" : status != "active" ? status : subscription == "notSubscribed" ? "notSubscribed" : "sent";
            expected[outcome]++;
            if (outcome == "sent")
            {
                eligiblePhones.Add(phone);
            }
        }

        var imported = await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal(contacts, imported.GetProperty("created").GetInt32());

        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Hola {{firstName}}, novedades" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/weekly", """
            {"name":"Weekly","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop",
               "variables":{"firstName":{"from":"contact","field":"firstName"}},"next":null}]}
            """)).ReadJsonAsync();

        var started = await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/weekly/runs", new { runId = "weekly-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("weekly-1", started.GetProperty("runId").GetString());
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/weekly/runs/weekly-1")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed", "the newsletter to complete", seconds: 120);

        Assert.Equal(contacts, run.GetProperty("contacts").GetInt64());
        Assert.Equal(expected["sent"], run.GetProperty("sent").GetInt64());
        var skipped = run.GetProperty("skipped");
        Assert.Equal(expected["bounced"], skipped.GetProperty("bounced").GetInt64());
        Assert.Equal(expected["paused"], skipped.GetProperty("paused").GetInt64());
        Assert.Equal(expected["notSubscribed"], skipped.GetProperty("notSubscribed").GetInt64());
        Assert.Equal(expected["noPhone"], skipped.GetProperty("noPhone").GetInt64());
        Assert.Equal(0, skipped.GetProperty("filteredOut").GetInt64());
        Assert.Equal(0, run.GetProperty("failed").GetInt64());

        await AssertEachEligiblePhoneGotOneSmsAsync(eligiblePhones);

        // Starting the same run again sends nothing.
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/weekly/runs", new { runId = "weekly-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var again = await (await _client.GetAsync($"/api/stores/{store}/workflows/weekly/runs/weekly-1")).ReadJsonAsync();
        Assert.Equal(run.GetProperty("sent").GetInt64(), again.GetProperty("sent").GetInt64());
        await AssertEachEligiblePhoneGotOneSmsAsync(eligiblePhones);
    }

    [Fact]
    public async Task A_newsletter_does_not_keep_in_memory_the_contacts_it_woke()
    {
        const int contacts = 300;
        var store = await silo.StoreAsync();
        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus\n");
        for (var i = 0; i < contacts; i++)
        {
            csv.Append($"w{i},{TestPhones.Next()},{(i % 3 == 0 ? "notSubscribed" : "subscribed")}\n");
        }

        await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/wake", """
            {"name":"Wake","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","variables":{},"next":null}]}
            """)).ReadJsonAsync();

        // Every idle activation goes, as it would days after the import: the run meets the contacts cold.
        await ContactActivations.CollectIdleAsync(silo.Factory.Services);
        var before = await ContactActivations.CountAsync(silo.Factory.Services);

        var runId = (await (await _client.PostAsync($"/api/stores/{store}/workflows/wake/runs", null)).ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("runId").GetString();
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/wake/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed", "the newsletter to complete");
        Assert.Equal(contacts * 2 / 3, run.GetProperty("sent").GetInt64());

        // Each woken contact goes once its send and Instasent's answer are written (with the
        // delivery report, 20 ms later here): the silo ends about where it started.
        var after = await SendingSiloFixture.EventuallyAsync(() => ContactActivations.CountAsync(silo.Factory.Services),
            count => count <= before + contacts / 20, $"at most {contacts / 20} of the {contacts} contacts still active");
        Assert.InRange(after, 0, before + contacts / 20);
    }

    [Fact]
    public async Task A_filter_keeps_only_the_matching_contacts()
    {
        var store = await silo.StoreAsync();
        var phones = Enumerable.Range(0, 6).Select(_ => TestPhones.Next()).ToArray();
        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus,city\n");
        for (var i = 0; i < phones.Length; i++)
        {
            csv.Append($"f{i},{phones[i]},subscribed,{(i % 2 == 0 ? "Madrid" : "Sevilla")}\n");
        }

        await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Solo Madrid" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/madrid", """
            {"name":"Madrid","trigger":{"type":"newsletter","filter":{"field":"city","equals":"Madrid"}},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","variables":{},"next":null}]}
            """)).ReadJsonAsync();

        var runId = (await (await _client.PostAsync($"/api/stores/{store}/workflows/madrid/runs", null)).ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("runId").GetString();
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/madrid/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed", "the newsletter to complete");

        Assert.Equal(3, run.GetProperty("sent").GetInt64());
        Assert.Equal(3, run.GetProperty("skipped").GetProperty("filteredOut").GetInt64());
        for (var i = 0; i < phones.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? 1 : 0, (await silo.SimulatorMessagesAsync(phones[i])).Count);
        }
    }

    [Fact]
    public async Task A_newsletter_at_a_later_time_waits_for_it()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        await silo.ContactAsync(store, phone, subscription: "subscribed");
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Later" })).ReadJsonAsync();
        var at = DateTimeOffset.UtcNow.AddSeconds(3);
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/later", $$$"""
            {"name":"Later","trigger":{"type":"newsletter","at":"{{{at:yyyy-MM-ddTHH:mm:ss.fffZ}}}"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","variables":{},"next":null}]}
            """)).ReadJsonAsync();

        var runId = (await (await _client.PostAsync($"/api/stores/{store}/workflows/later/runs", null)).ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("runId").GetString();
        var scheduled = await (await _client.GetAsync($"/api/stores/{store}/workflows/later/runs/{runId}")).ReadJsonAsync();
        Assert.Equal("scheduled", scheduled.GetProperty("status").GetString());
        Assert.Empty(await silo.SimulatorMessagesAsync(phone));

        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/later/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed", "the scheduled newsletter to run", seconds: 60);
        Assert.Equal(1, run.GetProperty("sent").GetInt64());
        var sms = Assert.Single(await silo.SimulatorMessagesAsync(phone));
        Assert.True(sms.GetProperty("receivedAt").GetDateTimeOffset() >= at, "sent before its time");
    }

    private async Task AssertEachEligiblePhoneGotOneSmsAsync(HashSet<string> eligiblePhones)
    {
        var all = await silo.Simulator.GetFromJsonAsync<List<JsonElement>>("/_sim/messages");
        var perPhone = all!.Select(m => m.GetProperty("to").GetString()!).Where(eligiblePhones.Contains)
            .GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(eligiblePhones.Count, perPhone.Count);
        Assert.All(perPhone, p => Assert.Equal(1, p.Value));
    }
}
