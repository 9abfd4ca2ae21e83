using System.Net;
using System.Net.Http.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Reports;

/// <summary>What the report's query takes: its range, its granularity, its filters, and the 400 for anything else.</summary>
[Collection(QuietSendingSiloCollection.Name)]
public sealed class SmsReportQueryTests(QuietSendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    [Theory]
    [InlineData("from=yesterday", "from", "'yesterday' is not an ISO 8601 instant")]
    [InlineData("from=2026-11-01", "from", "not an ISO 8601 instant")]
    [InlineData("to=2026-11-01T00:00:00", "to", "with its offset")]
    [InlineData("to=2026-13-01T00:00:00Z", "to", "not an ISO 8601 instant")]
    [InlineData("granularity=week", "granularity", "'week' is not one of day, hour")]
    [InlineData("granularity=", "granularity", "is not one of day, hour")]
    [InlineData("kind=promo", "kind", "'promo' is not one of transactional, newsletter")]
    [InlineData("workflowId=a/b", "workflowId", "is not a workflow id")]
    [InlineData("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from", "is not before to")]
    [InlineData("from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from", "is not before to")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "from", "at most 400 days")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-02-15T00:00:00Z&granularity=hour", "from", "at most 31 days")]
    [InlineData("from=1990-01-01T00:00:00Z&to=1990-01-02T00:00:00Z", "from", "out of range")]
    [InlineData("granularity=day&granularity=hour", "granularity", "more than once")]
    [InlineData("since=2026-11-01T00:00:00Z", "since", "is not a parameter of this report")]
    public async Task A_bad_query_is_a_400_naming_the_parameter(string query, string field, string mention)
    {
        var store = await silo.StoreAsync();
        await (await _client.GetAsync($"/api/stores/{store}/reports/sms?{query}")).AssertValidationProblemAsync(field, mention);
    }

    [Fact]
    public async Task Every_problem_of_a_query_is_named_at_once()
    {
        var store = await silo.StoreAsync();
        var problem = await (await _client.GetAsync($"/api/stores/{store}/reports/sms?from=x&to=y&granularity=minute&kind=z"))
            .AssertValidationProblemAsync("from");
        var errors = problem.GetProperty("errors");
        Assert.Equal(["from", "to", "granularity", "kind"], errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Without_a_query_it_answers_the_last_30_days_by_utc_day()
    {
        var store = await silo.StoreAsync();
        var report = await (await _client.GetAsync($"/api/stores/{store}/reports/sms")).ReadJsonAsync();

        var buckets = report.GetProperty("buckets").EnumerateArray().ToArray();
        Assert.Equal("day", report.GetProperty("granularity").GetString());
        Assert.Equal(31, buckets.Length);
        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;
        Assert.InRange(buckets[^1].GetProperty("start").GetDateTimeOffset().UtcDateTime, today.AddDays(-1), today);
        Assert.Equal(TimeSpan.Zero, buckets[0].GetProperty("start").GetDateTimeOffset().Offset);
        Assert.EndsWith("T00:00:00+00:00", buckets[0].GetProperty("start").GetString());
        var totals = report.GetProperty("totals");
        Assert.Equal(0, totals.N("sent"));
        var reasons = totals.GetProperty("skipped").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Subset(reasons.Keys.ToHashSet(), new HashSet<string> { "noPhone", "bounced", "paused", "notSubscribed", "tooLong" });
        Assert.All(reasons.Values, n => Assert.Equal(0, n));
    }

    [Fact]
    public async Task A_range_is_answered_widened_to_whole_utc_buckets_whatever_its_offset()
    {
        var store = await silo.StoreAsync();
        var report = await SmsReports.GetAsync(_client, store, "from=2026-06-02T01:30:00%2B02:00&to=2026-06-02T03:10:00%2B02:00&granularity=hour");

        Assert.Equal(new DateTimeOffset(2026, 6, 1, 23, 0, 0, TimeSpan.Zero), report.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 2, 0, 0, TimeSpan.Zero), report.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(3, report.GetProperty("buckets").GetArrayLength());

        // An unescaped '+' arrives as a space, and is read as the '+' it was.
        var unescaped = await SmsReports.GetAsync(_client, store, "from=2026-06-02T01:30:00+02:00&to=2026-06-02T03:10:00+02:00&granularity=hour");
        Assert.Equal(report.GetProperty("from").GetString(), unescaped.GetProperty("from").GetString());
    }

    [Fact]
    public async Task A_workflow_or_a_kind_narrows_every_count_to_its_messages()
    {
        var store = await silo.StoreAsync();
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/hello", new { name = "Hello", text = "Hola" })).ReadJsonAsync();
        foreach (var (workflow, kind) in new[] { ("promo", "newsletter"), ("orders", "transactional") })
        {
            await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{workflow}", $$"""
                {"name":"{{workflow}}","trigger":{"type":"manual"},"start":"send","nodes":[
                  {"id":"send","type":"sendSms","smsId":"hello","recipient":{"type":"contact"},"kind":"{{kind}}","senderName":"MyShop","variables":{},"next":null}]}
                """)).ReadJsonAsync();
        }

        var subscribed = await silo.ContactAsync(store, TestPhones.Next());
        var unsubscribed = await silo.ContactAsync(store, TestPhones.Next(), subscription: "notSubscribed");
        foreach (var (workflow, contact) in new[] { ("promo", subscribed), ("promo", unsubscribed), ("orders", subscribed), ("orders", unsubscribed), ("orders", subscribed) })
        {
            await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/{workflow}/runs", new { contactId = contact })).ReadJsonAsync(HttpStatusCode.Accepted);
        }

        // And one sent by hand: no workflow.
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{subscribed}/sms", new { text = "A mano", senderName = "MyShop" })).ReadJsonAsync();

        var all = await SmsReports.EventuallyAsync(_client, store, t => t.N("sent") == 5 && t.Skipped("notSubscribed") == 1, "the runs' sends");
        Assert.Equal(5, all.N("segments"));

        var promo = await SmsReports.TotalsAsync(_client, store, "&workflowId=promo");
        Assert.Equal((1L, 1L), (promo.N("sent"), promo.Skipped("notSubscribed")));
        var orders = await SmsReports.TotalsAsync(_client, store, "&workflowId=orders");
        Assert.Equal((3L, 0L), (orders.N("sent"), orders.Skipped("notSubscribed")));
        var newsletters = await SmsReports.TotalsAsync(_client, store, "&kind=newsletter");
        Assert.Equal((1L, 1L), (newsletters.N("sent"), newsletters.Skipped("notSubscribed")));
        var transactional = await SmsReports.TotalsAsync(_client, store, "&kind=transactional");
        Assert.Equal(4, transactional.N("sent"));
        Assert.Equal(0, (await SmsReports.TotalsAsync(_client, store, "&workflowId=orders&kind=newsletter")).N("sent"));
        Assert.Equal(0, (await SmsReports.TotalsAsync(_client, store, "&workflowId=nothing")).N("sent"));
    }
}
