using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Callbacks;

/// <summary>
/// <c>POST /callbacks/instasent/{storeId}/{secret}</c>, with reports posted by the test (the
/// simulator here never reports on its own) against messages really sent through it.
/// </summary>
[Collection(QuietSendingSiloCollection.Name)]
public sealed class CallbackTests(QuietSendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    /// <summary>A store, a contact with one SMS sent; answers the callback path and the message's ids.</summary>
    private async Task<(string Store, string Contact, string CallbackPath, string ClientId, string ProviderId)> SentAsync()
    {
        var store = await silo.StoreAsync();
        var contact = await silo.ContactAsync(store, TestPhones.Next());
        var sent = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Hi", senderName = "MyShop" })).ReadJsonAsync();
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        var callbackPath = new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;
        return (store, contact, callbackPath, sent.GetProperty("clientId").GetString()!, sent.GetProperty("providerId").GetString()!);
    }

    private Task<HttpResponseMessage> ReportAsync(string path, string providerId, string clientId, string status, string eventAt = "2026-11-25T10:00:00Z") =>
        _client.PostAsJsonAsync(path, new { id = providerId, clientId, status, code = 0, eventAt });

    private async Task<string> SnapshotAsync(string store, string contact) =>
        (await silo.ContactJsonAsync(store, contact)).ToString() + JsonSerializer.Serialize(await silo.HistoryAsync(store, contact));

    /// <summary>Sends one more SMS to <paramref name="contact"/>; answers its ids.</summary>
    private async Task<(string ClientId, string ProviderId)> SendAgainAsync(string store, string contact)
    {
        var sent = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Hi again", senderName = "MyShop" })).ReadJsonAsync();
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        return (sent.GetProperty("clientId").GetString()!, sent.GetProperty("providerId").GetString()!);
    }

    /// <summary>Reports <paramref name="status"/> for a new SMS to the contact; answers the contact after it.</summary>
    private async Task<JsonElement> SendAndReportAsync(string store, string contact, string path, string status)
    {
        var (clientId, providerId) = await SendAgainAsync(store, contact);
        var answer = await (await ReportAsync(path, providerId, clientId, status)).ReadJsonAsync();
        Assert.Equal("applied", answer.GetProperty("outcome").GetString());
        return await silo.ContactJsonAsync(store, contact);
    }

    // error, expired, canceled and unknown end a message undelivered: a soft bounce.
    [Theory]
    [InlineData("expired")]
    [InlineData("error")]
    [InlineData("canceled")]
    [InlineData("unknown")]
    public async Task A_soft_bounce_ends_the_message_undelivered_and_is_counted_on_the_contact(string status)
    {
        var (store, contact, path, clientId, providerId) = await SentAsync();
        var answer = await (await ReportAsync(path, providerId, clientId, status)).ReadJsonAsync();

        Assert.Equal("applied", answer.GetProperty("outcome").GetString());
        var entry = Assert.Single(await silo.HistoryAsync(store, contact));
        Assert.Equal("undelivered", entry.GetProperty("status").GetString());
        Assert.Equal(status, entry.GetProperty("providerStatus").GetString());
        var after = await silo.ContactJsonAsync(store, contact);
        Assert.Equal("active", after.GetProperty("_mobilePhoneStatus").GetString());
        Assert.Equal(1, after.GetProperty("softBounces").GetInt32());

        // A late delivered report does not bring it back.
        var late = await (await ReportAsync(path, providerId, clientId, "delivered")).ReadJsonAsync();
        Assert.Equal("unchanged", late.GetProperty("outcome").GetString());
        Assert.Equal(1, (await silo.ContactJsonAsync(store, contact)).GetProperty("softBounces").GetInt32());
    }

    [Fact]
    public async Task Three_expired_in_a_row_bounce_the_contact_at_the_default_limit()
    {
        var (store, contact, path, clientId, providerId) = await SentAsync();
        await (await ReportAsync(path, providerId, clientId, "expired")).ReadJsonAsync();
        var second = await SendAndReportAsync(store, contact, path, "expired");
        Assert.Equal("active", second.GetProperty("_mobilePhoneStatus").GetString());
        Assert.Equal(2, second.GetProperty("softBounces").GetInt32());

        // The same report again (Instasent retries) counts once.
        var history = await silo.HistoryAsync(store, contact);
        var last = history[0];
        var repeat = await (await ReportAsync(path, last.GetProperty("providerId").GetString()!, last.GetProperty("clientId").GetString()!, "expired")).ReadJsonAsync();
        Assert.Equal("unchanged", repeat.GetProperty("outcome").GetString());
        Assert.Equal(2, (await silo.ContactJsonAsync(store, contact)).GetProperty("softBounces").GetInt32());

        var third = await SendAndReportAsync(store, contact, path, "expired");
        Assert.Equal("bounced", third.GetProperty("_mobilePhoneStatus").GetString());
        Assert.Equal(3, third.GetProperty("softBounces").GetInt32());
        Assert.All(await silo.HistoryAsync(store, contact), e => Assert.Equal("undelivered", e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_delivery_between_soft_bounces_starts_the_count_again()
    {
        var (store, contact, path, clientId, providerId) = await SentAsync();
        await (await ReportAsync(path, providerId, clientId, "expired")).ReadJsonAsync();
        Assert.Equal(2, (await SendAndReportAsync(store, contact, path, "expired")).GetProperty("softBounces").GetInt32());

        Assert.Equal(0, (await SendAndReportAsync(store, contact, path, "delivered")).GetProperty("softBounces").GetInt32());

        await SendAndReportAsync(store, contact, path, "expired");
        var after = await SendAndReportAsync(store, contact, path, "expired");
        Assert.Equal("active", after.GetProperty("_mobilePhoneStatus").GetString());
        Assert.Equal(2, after.GetProperty("softBounces").GetInt32());
        Assert.Equal(
            ["undelivered", "undelivered", "delivered", "undelivered", "undelivered"],
            (await silo.HistoryAsync(store, contact)).Select(e => e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task The_store_softBounceLimit_decides_when_soft_bounces_bounce()
    {
        var (store, contact, path, clientId, providerId) = await SentAsync();
        var channel = await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms-channel",
            new { provider = "instasent", defaultCountry = "ES", softBounceLimit = 1 })).ReadJsonAsync();
        Assert.Equal(1, channel.GetProperty("softBounceLimit").GetInt32());

        await (await ReportAsync(path, providerId, clientId, "canceled")).ReadJsonAsync();

        var after = await silo.ContactJsonAsync(store, contact);
        Assert.Equal("bounced", after.GetProperty("_mobilePhoneStatus").GetString());
        Assert.Equal(1, after.GetProperty("softBounces").GetInt32());
    }

    [Fact]
    public async Task Delivered_marks_the_message_received()
    {
        var (store, contact, path, clientId, providerId) = await SentAsync();
        var answer = await (await ReportAsync(path, providerId, clientId, "delivered")).ReadJsonAsync();

        Assert.Equal("applied", answer.GetProperty("outcome").GetString());
        var entry = Assert.Single(await silo.HistoryAsync(store, contact));
        Assert.Equal("delivered", entry.GetProperty("status").GetString());
        Assert.Equal("2026-11-25T10:00:00+00:00", entry.GetProperty("statusAt").GetString());
    }

    [Fact]
    public async Task A_wrong_secret_or_a_wrong_store_is_a_404_and_changes_nothing()
    {
        var (store, contact, path, clientId, providerId) = await SentAsync();
        var before = await SnapshotAsync(store, contact);
        var wrongSecret = path[..path.LastIndexOf('/')] + "/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var otherStore = path.Replace($"/{store}/", $"/{Ids.Store()}/");

        await (await ReportAsync(wrongSecret, providerId, clientId, "failed")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(otherStore, providerId, clientId, "failed")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await SnapshotAsync(store, contact));
    }

    [Fact]
    public async Task A_rotated_secret_stops_the_old_url()
    {
        var (store, contact, path, clientId, providerId) = await SentAsync();
        await (await _client.PostAsync($"/api/stores/{store}/sms-channel/rotate-callback-secret", null)).ReadJsonAsync();
        await (await ReportAsync(path, providerId, clientId, "delivered")).AssertProblemAsync(HttpStatusCode.NotFound);
        var entry = Assert.Single(await silo.HistoryAsync(store, contact));
        Assert.Equal("sent", entry.GetProperty("status").GetString());
        Assert.Equal("accepted", entry.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_same_report_five_times_changes_the_state_once()
    {
        var (store, contact, path, clientId, providerId) = await SentAsync();
        var outcomes = new List<string>();
        string? afterFirst = null;
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add((await (await ReportAsync(path, providerId, clientId, "failed")).ReadJsonAsync()).GetProperty("outcome").GetString()!);
            afterFirst ??= await SnapshotAsync(store, contact);
        }

        Assert.Equal(["applied", "unchanged", "unchanged", "unchanged", "unchanged"], outcomes);
        Assert.Equal(afterFirst, await SnapshotAsync(store, contact));
        Assert.Equal("bounced", (await silo.ContactJsonAsync(store, contact)).GetProperty("_mobilePhoneStatus").GetString());
    }

    [Fact]
    public async Task A_late_delivered_after_failed_does_not_unbounce_and_an_early_sent_after_delivered_changes_nothing()
    {
        var (store, contact, path, clientId, providerId) = await SentAsync();
        await ReportAsync(path, providerId, clientId, "failed", "2026-11-25T10:00:05Z");
        var late = await (await ReportAsync(path, providerId, clientId, "delivered", "2026-11-25T10:00:01Z")).ReadJsonAsync();

        Assert.Equal("unchanged", late.GetProperty("outcome").GetString());
        var entry = Assert.Single(await silo.HistoryAsync(store, contact));
        Assert.Equal("undelivered", entry.GetProperty("status").GetString());
        Assert.Equal("failed", entry.GetProperty("state").GetString());
        Assert.Equal("failed", entry.GetProperty("providerStatus").GetString());
        Assert.Equal("bounced", (await silo.ContactJsonAsync(store, contact)).GetProperty("_mobilePhoneStatus").GetString());

        var (store2, contact2, path2, clientId2, providerId2) = await SentAsync();
        await ReportAsync(path2, providerId2, clientId2, "delivered");
        var before = await SnapshotAsync(store2, contact2);
        var early = await (await ReportAsync(path2, providerId2, clientId2, "sent")).ReadJsonAsync();
        Assert.Equal("unchanged", early.GetProperty("outcome").GetString());
        Assert.Equal(before, await SnapshotAsync(store2, contact2));
    }

    [Theory]
    [InlineData("{contact}.9", "ignored")]              // a message the contact never had
    [InlineData("{contact}.1", "ignored")]              // the right message, but another Instasent id
    [InlineData(".zz", "ignored")]                      // an alert that was never sent
    [InlineData("ghost.1", "unmatched")]                // a contact that does not exist
    [InlineData("not a client id", "unmatched")]        // not one the product gives
    public async Task A_forged_or_foreign_client_id_changes_nothing(string clientIdPattern, string outcome)
    {
        var (store, contact, path, _, _) = await SentAsync();
        var before = await SnapshotAsync(store, contact);

        var answer = await (await ReportAsync(path, "forged-provider-id", clientIdPattern.Replace("{contact}", contact), "failed")).ReadJsonAsync();

        Assert.Equal(outcome, answer.GetProperty("outcome").GetString());
        Assert.Equal(before, await SnapshotAsync(store, contact));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/stores/{store}/contacts/ghost")).StatusCode);
    }

    [Theory]
    [InlineData("""{"id":"1","clientId":"x.1","status":"delivered""", "body")]
    [InlineData("""{"clientId":"x.1","status":"delivered"}""", "id")]
    [InlineData("""{"id":"1","clientId":7,"status":"delivered"}""", "clientId")]
    [InlineData("""{"id":"1","clientId":"x.1","message":5}""", "message")]
    [InlineData("""{"id":"1","clientId":"x.1","status":null}""", "status")]
    [InlineData("""{"id":"1","clientId":"x.1"}""", "status")]
    [InlineData("""{"id":"1","clientId":"x.1","status":"delivered","eventAt":"yesterday"}""", "eventAt")]
    [InlineData("""[1,2]""", "body")]
    public async Task A_malformed_report_is_a_400_and_changes_nothing(string json, string field)
    {
        var (store, contact, path, _, _) = await SentAsync();
        var before = await SnapshotAsync(store, contact);
        await (await _client.PostRawJsonAsync(path, json)).AssertValidationProblemAsync(field);
        Assert.Equal(before, await SnapshotAsync(store, contact));
    }

    [Fact]
    public async Task Stop_sets_not_subscribed_and_rejected_bounces()
    {
        var (store, contact, path, clientId, providerId) = await SentAsync();
        await (await ReportAsync(path, providerId, clientId, "stop")).ReadJsonAsync();
        var afterStop = await silo.ContactJsonAsync(store, contact);
        Assert.Equal("notSubscribed", afterStop.GetProperty("_smsSubscriptionStatus").GetString());
        Assert.Equal("active", afterStop.GetProperty("_mobilePhoneStatus").GetString());

        var (store2, contact2, path2, clientId2, providerId2) = await SentAsync();
        await (await ReportAsync(path2, providerId2, clientId2, "rejected")).ReadJsonAsync();
        Assert.Equal("bounced", (await silo.ContactJsonAsync(store2, contact2)).GetProperty("_mobilePhoneStatus").GetString());
    }
}
