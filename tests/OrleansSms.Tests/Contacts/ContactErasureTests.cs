using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

/// <summary>
/// <c>DELETE /api/stores/{storeId}/contacts/{contactId}</c> through the real program and its
/// simulator (which reports nothing by itself: the tests post the reports). Where a race matters,
/// a grain call is held (<see cref="GrainCallHolds"/>) so the erasure lands at a known point.
/// </summary>
[Collection(HoldingSendingSiloCollection.Name)]
public sealed class ContactErasureTests(HoldingSendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<JsonElement> SendAsync(string store, string contact, string text) =>
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text, senderName = "MyShop" })).ReadJsonAsync();

    private async Task EraseAsync(string store, string contact)
    {
        using var response = await _client.DeleteAsync($"/api/stores/{store}/contacts/{contact}");
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"expected 204, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<string> CallbackPathAsync(string store) =>
        new Uri((await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync()).GetProperty("callbackUrl").GetString()!).AbsolutePath;

    private async Task<JsonElement> RunAsync(string store, string workflow, string runId) =>
        await (await _client.GetAsync($"/api/stores/{store}/workflows/{workflow}/runs/{runId}")).ReadJsonAsync();

    private Task<JsonElement> RunCompletedAsync(string store, string workflow, string runId) =>
        SendingSiloFixture.EventuallyAsync(() => RunAsync(store, workflow, runId), r => r.GetProperty("status").GetString() == "completed", $"run {runId} to complete", seconds: 60);

    private async Task NewsletterWorkflowAsync(string store, string workflow)
    {
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{workflow}", """
            {"name":"News","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","next":null}]}
            """)).ReadJsonAsync();
    }

    private async Task ImportAsync(string store, IEnumerable<(string Id, string Phone)> contacts, int created)
    {
        var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus\n");
        foreach (var (id, phone) in contacts)
        {
            csv.Append($"{id},{phone},subscribed\n");
        }

        var imported = await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal((created, 0), (imported.GetProperty("created").GetInt32(), imported.GetProperty("updated").GetInt32()));
    }

    [Fact]
    public async Task An_erased_contact_is_not_found_has_no_history_and_a_send_to_it_is_skipped_deleted_and_reaches_no_one()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        Assert.Equal("sent", (await SendAsync(store, contact, "Hola Ana")).GetProperty("status").GetString());
        Assert.Single(await silo.HistoryAsync(store, contact));

        await EraseAsync(store, contact);

        await (await _client.GetAsync($"/api/stores/{store}/contacts/{contact}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await silo.HistoryAsync(store, contact));
        var skipped = await SendAsync(store, contact, "¿Sigues ahí?");
        Assert.Equal(("skipped", "deleted"), (skipped.GetProperty("status").GetString(), skipped.GetProperty("skipReason").GetString()));
        Assert.Single(await silo.SimulatorMessagesAsync(phone));

        // Idempotent, and an id that names no contact is answered the same.
        await EraseAsync(store, contact);
        await EraseAsync(store, Ids.Contact());
    }

    [Fact]
    public async Task An_erasure_waits_for_the_send_in_flight_and_then_leaves_nothing_of_it()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);

        // The send is recorded and handed to the connector, which answers only when let go.
        var hold = silo.Holds.Add(nameof(IInstasentConnectorGrain.SendAsync), store);
        var sending = _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "En camino", senderName = "MyShop" });
        await hold.ArrivedAsync(1);
        var erasing = _client.DeleteAsync($"/api/stores/{store}/contacts/{contact}");
        hold.Release();

        var sent = await (await sending).ReadJsonAsync();
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        using (var erased = await erasing)
        {
            Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        }

        // The message went to Instasent before the erasure; its record, written after, went with the contact.
        Assert.Single(await silo.SimulatorMessagesAsync(phone));
        await (await _client.GetAsync($"/api/stores/{store}/contacts/{contact}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await silo.HistoryAsync(store, contact));
        var report = await (await _client.PostAsJsonAsync(await CallbackPathAsync(store),
            new { id = sent.GetProperty("providerId").GetString(), clientId = sent.GetProperty("clientId").GetString(), status = "delivered" })).ReadJsonAsync();
        Assert.Equal("ignored", report.GetProperty("outcome").GetString());
        Assert.Empty(await silo.HistoryAsync(store, contact));
    }

    [Fact]
    public async Task A_report_or_a_reply_about_an_erased_contact_s_message_is_answered_200_changes_nothing_and_is_not_kept()
    {
        var store = await silo.StoreAsync();
        var contact = await silo.ContactAsync(store, TestPhones.Next());
        var sent = await SendAsync(store, contact, "Hola Ana");
        var (clientId, providerId) = (sent.GetProperty("clientId").GetString()!, sent.GetProperty("providerId").GetString()!);
        var path = await CallbackPathAsync(store);

        await EraseAsync(store, contact);

        var report = await (await _client.PostAsJsonAsync(path, new { id = providerId, clientId, status = "failed", code = 2, eventAt = "2026-11-25T10:00:00Z" })).ReadJsonAsync();
        Assert.Equal("ignored", report.GetProperty("outcome").GetString());
        var reply = await (await _client.PostAsJsonAsync(path, new { id = Ids.Unique("in"), clientId, message = "STOP" })).ReadJsonAsync();
        Assert.Equal("ignored", reply.GetProperty("outcome").GetString());

        await (await _client.GetAsync($"/api/stores/{store}/contacts/{contact}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await silo.HistoryAsync(store, contact));
        var unmatched = await (await _client.GetAsync($"/api/stores/{store}/reports/unmatched")).ReadJsonAsync();
        Assert.Empty(unmatched.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_erased_id_is_a_new_contact_with_no_history_whose_messages_reach_Instasent_under_new_clientIds()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone, firstName: "Ana");
        var before = await silo.ContactJsonAsync(store, contact);
        var first = await SendAsync(store, contact, "Primero");
        await EraseAsync(store, contact);

        var again = await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}",
            $$"""{"_mobilePhone":"{{phone}}","_smsSubscriptionStatus":"subscribed"}""")).ReadJsonAsync();
        Assert.False(again.GetProperty("fields").TryGetProperty("firstName", out _), again.ToString());
        Assert.True(again.GetProperty("createdAt").GetDateTimeOffset() >= before.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Empty(await silo.HistoryAsync(store, contact));

        // Instasent refuses a clientId it has taken: the new contact's numbers start elsewhere.
        var second = await SendAsync(store, contact, "Segundo");
        Assert.Equal("sent", second.GetProperty("status").GetString());
        Assert.NotEqual(first.GetProperty("clientId").GetString(), second.GetProperty("clientId").GetString());
        Assert.Equal(["Primero", "Segundo"], (await silo.SimulatorMessagesAsync(phone)).Select(m => m.GetProperty("text").GetString()));
        var history = Assert.Single(await silo.HistoryAsync(store, contact));
        Assert.Equal(second.GetProperty("clientId").GetString(), history.GetProperty("clientId").GetString());
    }

    [Fact]
    public async Task A_newsletter_started_after_an_erasure_does_not_reach_the_contact_and_one_after_its_id_is_imported_again_does()
    {
        var store = await silo.StoreAsync();
        var contacts = Enumerable.Range(0, 3).Select(_ => (Id: Ids.Contact(), Phone: TestPhones.Next())).ToArray();
        await ImportAsync(store, contacts, created: 3);
        await NewsletterWorkflowAsync(store, "news");
        var erased = contacts[1];
        await EraseAsync(store, erased.Id);

        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "after-erasure" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var run = await RunCompletedAsync(store, "news", "after-erasure");
        Assert.Equal((2, 2, 0), (run.GetProperty("contacts").GetInt64(), run.GetProperty("sent").GetInt64(), run.GetProperty("skipped").GetProperty("deleted").GetInt64()));
        Assert.Empty(await silo.SimulatorMessagesAsync(erased.Phone));

        // Imported again, the id is a new contact (created, not updated) and in the audience again.
        await ImportAsync(store, [erased], created: 1);
        Assert.Empty(await silo.HistoryAsync(store, erased.Id));
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "after-import" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var second = await RunCompletedAsync(store, "news", "after-import");
        Assert.Equal((3, 3), (second.GetProperty("contacts").GetInt64(), second.GetProperty("sent").GetInt64()));
        Assert.Single(await silo.SimulatorMessagesAsync(erased.Phone));
    }

    [Fact]
    public async Task A_newsletter_in_flight_counts_a_contact_erased_before_its_turn_as_skipped_deleted_and_sends_it_nothing()
    {
        // 33 contacts of one partition: one shard walks them, the first 32 in one batch, the last in the next.
        var store = await silo.StoreAsync();
        var partition = ContactIndex.PartitionOf("e0");
        var ids = Enumerable.Range(0, 10_000).Select(i => $"e{i}").Where(id => ContactIndex.PartitionOf(id) == partition).Take(33).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(33, ids.Length);
        var contacts = ids.Select(id => (Id: id, Phone: TestPhones.Next())).ToArray();
        await ImportAsync(store, contacts, created: 33);
        await NewsletterWorkflowAsync(store, "news");

        // The first batch is held at its first contact: the walk has read the partition, and has not reached the last.
        var hold = silo.Holds.Add(nameof(IContactGrain.SendBulkAsync), $"{store}/{ids[0]}");
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "in-flight" })).ReadJsonAsync(HttpStatusCode.Accepted);
        await hold.ArrivedAsync(1);
        var erased = contacts[^1];
        await EraseAsync(store, erased.Id);
        hold.Release();

        var run = await RunCompletedAsync(store, "news", "in-flight");
        Assert.Equal(33, run.GetProperty("contacts").GetInt64());
        Assert.Equal(32, run.GetProperty("sent").GetInt64());
        Assert.Equal(1, run.GetProperty("skipped").GetProperty("deleted").GetInt64());
        Assert.Equal(0, run.GetProperty("skipped").GetProperty("noPhone").GetInt64());
        Assert.Empty(await silo.SimulatorMessagesAsync(erased.Phone));
        Assert.Single(await silo.SimulatorMessagesAsync(contacts[0].Phone));
        await (await _client.GetAsync($"/api/stores/{store}/contacts/{erased.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_run_waiting_on_an_erased_contact_does_not_bring_it_back_sends_it_nothing_and_is_erased_itself()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/later", new { name = "Later", text = "Te echamos de menos" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/later", """
            {"name":"Later","trigger":{"type":"manual"},"start":"wait","nodes":[
              {"id":"wait","type":"wait","duration":"PT1S","next":"mark"},
              {"id":"mark","type":"updateContact","set":{"step":"after"},"next":"send"},
              {"id":"send","type":"sendSms","smsId":"later","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","next":null}]}
            """)).ReadJsonAsync();

        // The run's wait ends while the contact is being erased: its reminder is held until the erasure is done.
        var runId = Ids.Unique("wait");
        var hold = silo.Holds.Add("ReceiveReminder", $"{store}/later/{runId}");
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/later/runs", new { contactId = contact, runId })).ReadJsonAsync(HttpStatusCode.Accepted);
        await hold.ArrivedAsync(1);
        await EraseAsync(store, contact);
        hold.Release();

        await SendingSiloFixture.EventuallyAsync(
            async () => (await _client.GetAsync($"/api/stores/{store}/workflows/later/runs/{runId}")).StatusCode,
            status => status == HttpStatusCode.NotFound, "the run to erase itself");
        await (await _client.GetAsync($"/api/stores/{store}/contacts/{contact}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await silo.HistoryAsync(store, contact));
        Assert.Empty(await silo.SimulatorMessagesAsync(phone));
    }

    [Fact]
    public async Task Erasing_a_contact_erases_the_records_of_the_runs_that_sent_it_messages()
    {
        var store = await silo.StoreAsync();
        var contact = await silo.ContactAsync(store, TestPhones.Next());
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/thanks", new { name = "Thanks", text = "Gracias por tu pedido {{orderId}}" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/orders", """
            {"name":"Orders","trigger":{"type":"event","eventType":"purchase"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"thanks","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop",
               "variables":{"orderId":{"from":"event","property":"orderId"}},"next":null}]}
            """)).ReadJsonAsync();
        await (await _client.PostAsync($"/api/stores/{store}/workflows/orders/activate", null)).ReadJsonAsync();
        var published = await (await _client.PostAsJsonAsync($"/api/stores/{store}/events", new { type = "purchase", contactId = contact, properties = new { orderId = "A-1" } })).ReadJsonAsync(HttpStatusCode.Accepted);
        var runId = published.GetProperty("runs")[0].GetProperty("runId").GetString()!;
        await RunCompletedAsync(store, "orders", runId);

        await EraseAsync(store, contact);

        await (await _client.GetAsync($"/api/stores/{store}/workflows/orders/runs/{runId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Erasing_a_contact_erases_the_runs_its_replies_started_that_sent_it_nothing()
    {
        var store = await silo.StoreAsync();
        var contact = await silo.ContactAsync(store, TestPhones.Next());
        var sent = await SendAsync(store, contact, "¿Te gustó?");
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/forward", new { name = "Forward", text = "Respuesta: {{text}}" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/replies", """
            {"name":"Replies","trigger":{"type":"event","eventType":"smsReply"},"start":"forward","nodes":[
              {"id":"forward","type":"sendSms","smsId":"forward","recipient":{"type":"alert","phone":"+34600999000"},"kind":"transactional","senderName":"MyShop",
               "variables":{"text":{"from":"event","property":"text"}},"next":null}]}
            """)).ReadJsonAsync();
        await (await _client.PostAsync($"/api/stores/{store}/workflows/replies/activate", null)).ReadJsonAsync();

        // The reply's text is in its run's event properties, and the run sent the contact nothing.
        var replyId = Ids.Unique("in");
        var reply = await (await _client.PostAsJsonAsync(await CallbackPathAsync(store), new { id = replyId, clientId = sent.GetProperty("clientId").GetString(), message = "Mucho" })).ReadJsonAsync();
        Assert.Equal("applied", reply.GetProperty("outcome").GetString());
        var runId = $"reply-{replyId}-{contact}";
        await RunCompletedAsync(store, "replies", runId);

        await EraseAsync(store, contact);

        await (await _client.GetAsync($"/api/stores/{store}/workflows/replies/runs/{runId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
