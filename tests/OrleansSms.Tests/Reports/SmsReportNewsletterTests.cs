using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Reports;

/// <summary>
/// A newsletter over contacts of every kind, with Instasent's reports coming from the simulator:
/// the report's totals are what the contacts' histories and the run say, each message and skip
/// counted once.
/// </summary>
[Collection(SendingSiloCollection.Name)]
public sealed class SmsReportNewsletterTests(SendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public Task A_mixed_newsletter_s_totals_are_what_the_histories_and_the_run_say() => MixedNewsletterAsync(120);

    [Fact]
    public Task A_mixed_newsletter_over_10k_imported_contacts_counts_each_message_and_skip_once() => MixedNewsletterAsync(10_000);

    private sealed record Expected(Dictionary<string, long> Skipped, long Sent, long Delivered, long Undelivered, long InFlight, List<string> Contacts, long Rejected);

    /// <summary>
    /// By row number: every 7th not subscribed, 11th without a phone, 13th paused, 17th bounced,
    /// 19th with a phone that is not one (the import rejects its line). Of those sent, every 5th
    /// number fails (hard bounce), 8th expires (soft), 23rd stays buffered (never final).
    /// </summary>
    private static (string Csv, Dictionary<string, string> Outcomes, Expected Expected) Audience(int contacts)
    {
        var csv = new StringBuilder("contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,firstName\n");
        var outcomes = new Dictionary<string, string>();
        var skipped = new Dictionary<string, long> { ["notSubscribed"] = 0, ["noPhone"] = 0, ["paused"] = 0, ["bounced"] = 0 };
        long sent = 0, delivered = 0, undelivered = 0, inFlight = 0, rejected = 0;
        var ids = new List<string>();
        for (var i = 1; i <= contacts; i++)
        {
            var id = $"r{i}";
            if (i % 19 == 0)
            {
                csv.Append($"{id},12ab,active,subscribed,Bad{i}\n");
                rejected++;
                continue;
            }

            ids.Add(id);
            var phone = TestPhones.Next();
            var (hasPhone, status, subscription) = (i % 11 != 0, i % 13 == 0 ? "paused" : i % 17 == 0 ? "bounced" : "active", i % 7 == 0 ? "notSubscribed" : "subscribed");
            csv.Append($"{id},{(hasPhone ? phone : "")},{status},{subscription},Name{i}\n");
            var skip = !hasPhone ? "noPhone" : status != "active" ? status : subscription == "notSubscribed" ? "notSubscribed" : null;
            if (skip is not null)
            {
                skipped[skip]++;
                continue;
            }

            sent++;
            var outcome = i % 5 == 0 ? "failed" : i % 8 == 0 ? "expired" : i % 23 == 0 ? "buffered" : "delivered";
            if (outcome != "delivered")
            {
                outcomes[phone] = outcome;
            }

            _ = outcome switch
            {
                "delivered" => delivered++,
                "buffered" => inFlight++,
                _ => undelivered++,
            };
        }

        return (csv.ToString(), outcomes, new Expected(skipped, sent, delivered, undelivered, inFlight, ids, rejected));
    }

    private async Task MixedNewsletterAsync(int contacts)
    {
        var store = await silo.StoreAsync();
        var (csv, outcomes, expected) = Audience(contacts);
        await (await silo.Simulator.PutAsJsonAsync("/_sim/outcomes", outcomes)).ReadJsonAsync();
        var imported = await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv, Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal(expected.Contacts.Count, imported.GetProperty("created").GetInt32());
        Assert.Equal(expected.Rejected, imported.GetProperty("rejectedCount").GetInt64());

        // Two segments each: "Hola NameN, " and 150 more characters.
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Hola {{firstName}}, " + new string('n', 150) })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/weekly", """
            {"name":"Weekly","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop",
               "variables":{"firstName":{"from":"contact","field":"firstName"}},"next":null}]}
            """)).ReadJsonAsync();
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/weekly/runs", new { runId = "weekly-1" })).ReadJsonAsync(HttpStatusCode.Accepted);

        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/weekly/runs/weekly-1")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed" &&
                 r.GetProperty("delivered").GetInt64() == expected.Delivered && r.GetProperty("undelivered").GetInt64() == expected.Undelivered,
            "the newsletter to complete and every final report to be in", seconds: 120);
        Assert.Equal(expected.Sent, run.GetProperty("sent").GetInt64());

        var totals = await SmsReports.TotalsAsync(_client, store);

        // What the run says…
        Assert.Equal(run.GetProperty("sent").GetInt64(), totals.N("sent"));
        Assert.Equal(run.GetProperty("delivered").GetInt64(), totals.N("delivered"));
        Assert.Equal(run.GetProperty("undelivered").GetInt64(), totals.N("undelivered"));
        foreach (var (reason, n) in expected.Skipped)
        {
            Assert.Equal(n, run.GetProperty("skipped").GetProperty(reason).GetInt64());
            Assert.Equal(n, totals.Skipped(reason));
        }

        Assert.Equal(0, totals.Skipped("tooLong"));
        Assert.Equal((expected.Sent, expected.Delivered, expected.Undelivered, 0L), (totals.N("sent"), totals.N("delivered"), totals.N("undelivered"), totals.N("refused")));
        Assert.Equal(2 * expected.Sent, totals.N("segments"));

        // …and what the contacts' own histories say, read one by one.
        var entries = new ConcurrentBag<JsonElement>();
        await Parallel.ForEachAsync(expected.Contacts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (contact, _) =>
        {
            foreach (var entry in await silo.HistoryAsync(store, contact))
            {
                entries.Add(entry);
            }
        });
        var sums = SmsReports.HistorySums.Of(entries);
        Assert.Equal(sums, SmsReports.HistorySums.Of(totals));
        Assert.Equal(expected.InFlight, entries.Count(e => e.GetProperty("status").GetString() == "sent"));

        // All of it the newsletter's, one workflow's: the filters answer the same.
        Assert.Equal(totals.ToString(), (await SmsReports.TotalsAsync(_client, store, "&workflowId=weekly&kind=newsletter")).ToString());
        Assert.Equal(0, (await SmsReports.TotalsAsync(_client, store, "&kind=transactional")).N("sent"));
    }
}
