using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Reports;

/// <summary>
/// The store's SMS report over HTTP, with the delivery reports posted by the test as Instasent
/// posts them (the simulator of this fixture reports nothing by itself).
/// </summary>
[Collection(QuietSendingSiloCollection.Name)]
public sealed class SmsReportApiTests(QuietSendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<string> CallbackPathAsync(string store)
    {
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        return new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;
    }

    private async Task<JsonElement> SendAsync(string store, string contact, object body) =>
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", body)).ReadJsonAsync();

    private async Task<string> ReportAsync(string path, object report) =>
        (await (await _client.PostAsJsonAsync(path, report)).ReadJsonAsync()).GetProperty("outcome").GetString()!;

    private async Task<string> ProviderIdAsync(string phone) =>
        Assert.Single(await silo.SimulatorMessagesAsync(phone)).GetProperty("id").GetString()!;

    [Fact]
    public async Task A_message_counts_sent_with_its_segments_then_its_delivery_once_however_often_reported()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        var path = await CallbackPathAsync(store);

        // 161 GSM-7 characters: two segments.
        var sent = await SendAsync(store, contact, new { text = new string('a', 161), senderName = "MyShop" });
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        var totals = await SmsReports.TotalsAsync(_client, store);
        Assert.Equal((1, 2, 0, 0), (totals.N("sent"), totals.N("segments"), totals.N("delivered"), totals.N("undelivered")));

        var report = new { id = await ProviderIdAsync(phone), clientId = sent.GetProperty("clientId").GetString(), status = "delivered" };
        Assert.Equal("applied", await ReportAsync(path, report));
        Assert.Equal("unchanged", await ReportAsync(path, report));
        Assert.Equal("unchanged", await ReportAsync(path, report));
        Assert.Equal("unchanged", await ReportAsync(path, report with { status = "failed" }));

        totals = await SmsReports.TotalsAsync(_client, store);
        Assert.Equal((1, 2, 1, 0), (totals.N("sent"), totals.N("segments"), totals.N("delivered"), totals.N("undelivered")));
        Assert.Equal(SmsReports.HistorySums.Of(await silo.HistoryAsync(store, contact)), SmsReports.HistorySums.Of(totals));
    }

    [Fact]
    public async Task A_bounce_counts_undelivered_and_a_refused_send_counts_refused_not_sent()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        var path = await CallbackPathAsync(store);
        var sent = await SendAsync(store, contact, new { text = "Hola", senderName = "MyShop" });
        Assert.Equal("applied", await ReportAsync(path, new { id = await ProviderIdAsync(phone), clientId = sent.GetProperty("clientId").GetString(), status = "expired" }));

        var refusedPhone = TestPhones.Next();
        var refusedContact = await silo.ContactAsync(store, refusedPhone);
        (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { status402Rate = 1.0 })).EnsureSuccessStatusCode();
        try
        {
            var refused = await SendAsync(store, refusedContact, new { text = "Hola", senderName = "MyShop" });
            Assert.Equal("failed", refused.GetProperty("status").GetString());
        }
        finally
        {
            (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { })).EnsureSuccessStatusCode();
        }

        var totals = await SmsReports.TotalsAsync(_client, store);
        Assert.Equal((1, 0, 1, 1), (totals.N("sent"), totals.N("delivered"), totals.N("undelivered"), totals.N("refused")));
        var histories = (await silo.HistoryAsync(store, contact)).Concat(await silo.HistoryAsync(store, refusedContact));
        Assert.Equal(SmsReports.HistorySums.Of(histories), SmsReports.HistorySums.Of(totals));
    }

    [Fact]
    public async Task A_stop_and_a_reply_count_as_inbound_and_the_stop_as_an_opt_out_once_however_often_reported()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        var path = await CallbackPathAsync(store);
        var sent = await SendAsync(store, contact, new { text = "Rebajas", senderName = "MyShop", kind = "newsletter" });
        var clientId = sent.GetProperty("clientId").GetString();

        var hello = new { id = Ids.Unique("in"), clientId, message = "gracias" };
        var stop = new { id = Ids.Unique("in"), clientId, message = "STOP" };
        foreach (var reply in new[] { hello, stop, hello, stop, stop })
        {
            await ReportAsync(path, reply);
        }

        var totals = await SmsReports.TotalsAsync(_client, store);
        Assert.Equal((2, 1), (totals.N("inbound"), totals.N("optOuts")));

        // Counted with the message they answer: a newsletter.
        var newsletter = await SmsReports.TotalsAsync(_client, store, "&kind=newsletter");
        Assert.Equal((1, 2, 1), (newsletter.N("sent"), newsletter.N("inbound"), newsletter.N("optOuts")));
        Assert.Equal(0, (await SmsReports.TotalsAsync(_client, store, "&kind=transactional")).N("inbound"));

        // Already unsubscribed: a second STOP is a reply, not another opt-out.
        await ReportAsync(path, new { id = Ids.Unique("in"), clientId, status = "stop" });
        totals = await SmsReports.TotalsAsync(_client, store);
        Assert.Equal((3, 1), (totals.N("inbound"), totals.N("optOuts")));
        Assert.Equal(SmsReports.HistorySums.Of(await silo.HistoryAsync(store, contact)), SmsReports.HistorySums.Of(totals));
    }

    [Fact]
    public async Task Skipped_sends_count_by_reason_and_a_retried_send_counts_once()
    {
        var store = await silo.StoreAsync();
        var unsubscribed = await silo.ContactAsync(store, TestPhones.Next(), subscription: "notSubscribed");
        var bounced = await silo.ContactAsync(store, TestPhones.Next());
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/{bounced}", """{"_mobilePhoneStatus":"bounced"}""")).ReadJsonAsync();
        var noPhone = Ids.Contact();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/{noPhone}", """{"fields":{"firstName":"Eva"}}""")).ReadJsonAsync();
        var longOne = await silo.ContactAsync(store, TestPhones.Next());
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms-channel", """{"maxSegments":1}""")).ReadJsonAsync();

        foreach (var _ in Enumerable.Range(0, 3))
        {
            // The same request again under its key: one skip.
            Assert.Equal("notSubscribed", (await SendAsync(store, unsubscribed, new { text = "News", senderName = "MyShop", kind = "newsletter", idempotencyKey = "news-1" })).GetProperty("skipReason").GetString());
        }

        Assert.Equal("bounced", (await SendAsync(store, bounced, new { text = "Hola", senderName = "MyShop" })).GetProperty("skipReason").GetString());
        Assert.Equal("noPhone", (await SendAsync(store, noPhone, new { text = "Hola", senderName = "MyShop" })).GetProperty("skipReason").GetString());
        Assert.Equal("tooLong", (await SendAsync(store, longOne, new { text = new string('b', 200), senderName = "MyShop" })).GetProperty("skipReason").GetString());

        // Without a key each request is a send of its own.
        await SendAsync(store, bounced, new { text = "Hola", senderName = "MyShop" });

        var totals = await SmsReports.TotalsAsync(_client, store);
        Assert.Equal(1, totals.Skipped("notSubscribed"));
        Assert.Equal(2, totals.Skipped("bounced"));
        Assert.Equal(1, totals.Skipped("noPhone"));
        Assert.Equal(1, totals.Skipped("tooLong"));
        Assert.Equal(0, totals.Skipped("paused"));
        Assert.Equal(0, totals.N("sent"));
        Assert.Equal(1, (await SmsReports.TotalsAsync(_client, store, "&kind=newsletter")).Skipped("notSubscribed"));
        Assert.Equal(0, (await SmsReports.TotalsAsync(_client, store, "&kind=transactional")).Skipped("notSubscribed"));
    }

    [Fact]
    public async Task Hours_and_days_agree_and_empty_buckets_are_there_with_zeros()
    {
        var store = await silo.StoreAsync();
        for (var i = 0; i < 3; i++)
        {
            var contact = await silo.ContactAsync(store, TestPhones.Next());
            await SendAsync(store, contact, new { text = "Hola", senderName = "MyShop" });
        }

        var now = DateTimeOffset.UtcNow;
        var from = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(-1);
        var to = from.AddDays(3);
        var range = $"from={from:yyyy-MM-dd}T00:00:00Z&to={to:yyyy-MM-dd}T00:00:00Z";
        var byHour = await SmsReports.GetAsync(_client, store, range + "&granularity=hour");
        var byDay = await SmsReports.GetAsync(_client, store, range + "&granularity=day");

        var hours = byHour.GetProperty("buckets").EnumerateArray().ToArray();
        var days = byDay.GetProperty("buckets").EnumerateArray().ToArray();
        Assert.Equal(72, hours.Length);
        Assert.Equal(3, days.Length);
        Assert.Equal("hour", byHour.GetProperty("granularity").GetString());
        Assert.Equal(from, days[0].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(from.AddHours(71), hours[^1].GetProperty("start").GetDateTimeOffset());
        for (var d = 0; d < 3; d++)
        {
            var dayHours = hours[(d * 24)..((d + 1) * 24)];
            Assert.Equal(days[d].GetProperty("start").GetDateTimeOffset(), dayHours[0].GetProperty("start").GetDateTimeOffset());
            foreach (var name in new[] { "sent", "delivered", "undelivered", "refused", "segments", "optOuts", "inbound" })
            {
                Assert.Equal(days[d].N(name), dayHours.Sum(h => h.N(name)));
            }
        }

        Assert.Equal(byDay.GetProperty("totals").ToString(), byHour.GetProperty("totals").ToString());
        Assert.Equal(3, byDay.GetProperty("totals").N("sent"));
        Assert.Equal(3, days[1].N("sent"));

        // The other days are there, every count 0, every skip reason listed.
        Assert.Equal(0, days[0].N("sent"));
        Assert.Equal(0, days[2].N("segments"));
        Assert.Equal(0, days[2].Skipped("noPhone"));
        Assert.InRange(hours.Count(h => h.N("sent") > 0), 1, 2);
        Assert.All(hours.Where(h => h.N("sent") == 0), h => Assert.Equal(0, h.N("segments")));
    }
}
