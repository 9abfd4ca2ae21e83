using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary>Storefront events through active workflows to the simulator, over the real HTTP pipeline.</summary>
[Collection(SendingSiloCollection.Name)]
public sealed class EventWorkflowTests(SendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task PutSmsAsync(string store, string smsId, string text) =>
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/{smsId}", new { name = smsId, text })).ReadJsonAsync();

    private async Task<JsonElement> PutWorkflowAsync(string store, string workflowId, string json, bool activate = true)
    {
        var saved = await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{workflowId}", json)).ReadJsonAsync();
        if (activate)
        {
            await (await _client.PostAsync($"/api/stores/{store}/workflows/{workflowId}/activate", null)).ReadJsonAsync();
        }

        return saved;
    }

    private async Task<JsonElement> EventAsync(string store, string json) =>
        await (await _client.PostRawJsonAsync($"/api/stores/{store}/events", json)).ReadJsonAsync(HttpStatusCode.Accepted);

    private Task<JsonElement> RunAsync(string store, string workflowId, string runId) =>
        SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/{workflowId}/runs/{runId}")).ReadJsonAsync(),
            run => run.GetProperty("status").GetString() is "completed" or "failed", "the run to finish");

    [Fact]
    public async Task An_event_sends_the_sms_with_variables_from_the_contact_the_event_and_fallbacks()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone, subscription: "none", firstName: "Ana");
        await PutSmsAsync(store, "order-confirmation", "Hola {{firstName}}, pedido {{orderId}} en {{city}}");
        await PutWorkflowAsync(store, "follow-up", """
            {"name":"Order follow-up","trigger":{"type":"event","eventType":"purchase"},"start":"confirm","nodes":[
              {"id":"confirm","type":"sendSms","smsId":"order-confirmation","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop",
               "variables":{"firstName":{"from":"contact","field":"firstName","fallback":"cliente"},
                            "orderId":{"from":"event","property":"orderId"},
                            "city":{"from":"contact","field":"city","fallback":"tu ciudad"}},"next":null}]}
            """);

        var accepted = await EventAsync(store, $$$"""{"type":"purchase","contactId":"{{{contact}}}","properties":{"orderId":"A1"}}""");

        var runId = Assert.Single(accepted.GetProperty("runs").EnumerateArray()).GetProperty("runId").GetString()!;
        var run = await RunAsync(store, "follow-up", runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        var step = Assert.Single(run.GetProperty("path").EnumerateArray());
        Assert.Equal("sent", step.GetProperty("outcome").GetString());
        var sms = Assert.Single(await silo.SimulatorMessagesAsync(phone));
        Assert.Equal("Hola Ana, pedido A1 en tu ciudad", sms.GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_alert_recipient_gets_the_sms_whatever_the_contact()
    {
        var store = await silo.StoreAsync();
        var (contactPhone, alertPhone) = (TestPhones.Next(), TestPhones.Next());
        var contact = await silo.ContactAsync(store, contactPhone, subscription: "notSubscribed");
        await PutSmsAsync(store, "ops-alert", "Pedido {{orderId}} de un cliente");
        await PutWorkflowAsync(store, "alerts", $$$"""
            {"name":"Ops","trigger":{"type":"event","eventType":"bigOrder"},"start":"alert","nodes":[
              {"id":"alert","type":"sendSms","smsId":"ops-alert","recipient":{"type":"alert","phone":"{{{alertPhone}}}"},"kind":"transactional","senderName":"MyShop",
               "variables":{"orderId":{"from":"event","property":"orderId"}},"next":null}]}
            """);

        var accepted = await EventAsync(store, $$$"""{"type":"bigOrder","contactId":"{{{contact}}}","properties":{"orderId":"B7"}}""");

        await RunAsync(store, "alerts", accepted.GetProperty("runs")[0].GetProperty("runId").GetString()!);
        Assert.Equal("Pedido B7 de un cliente", Assert.Single(await silo.SimulatorMessagesAsync(alertPhone)).GetProperty("text").GetString());
        Assert.Empty(await silo.SimulatorMessagesAsync(contactPhone));
    }

    [Theory]
    [InlineData("newsletter", "notSubscribed", "skipped")]
    [InlineData("newsletter", "subscribed", "sent")]
    [InlineData("transactional", "notSubscribed", "sent")]
    public async Task A_newsletter_kind_node_obeys_the_subscription_and_a_transactional_one_does_not(string kind, string subscription, string outcome)
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone, subscription: subscription);
        await PutSmsAsync(store, "promo", "Rebajas");
        await PutWorkflowAsync(store, "promo-on-visit", $$"""
            {"name":"Promo","trigger":{"type":"event","eventType":"visit"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"promo","recipient":{"type":"contact"},"kind":"{{kind}}","senderName":"MyShop","variables":{},"next":null}]}
            """);

        var accepted = await EventAsync(store, $$"""{"type":"visit","contactId":"{{contact}}"}""");

        var run = await RunAsync(store, "promo-on-visit", accepted.GetProperty("runs")[0].GetProperty("runId").GetString()!);
        Assert.Equal(outcome, run.GetProperty("path")[0].GetProperty("outcome").GetString());
        Assert.Equal(outcome == "sent" ? 1 : 0, (await silo.SimulatorMessagesAsync(phone)).Count);
    }

    [Fact]
    public async Task An_inactive_workflow_is_not_triggered_and_the_same_event_id_starts_one_run()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        await PutSmsAsync(store, "hi", "Hi");
        const string definition = """
            {"name":"Hi","trigger":{"type":"event","eventType":"signup"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"hi","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","variables":{},"next":null}]}
            """;
        await PutWorkflowAsync(store, "welcome", definition, activate: false);
        Assert.Empty((await EventAsync(store, $$"""{"type":"signup","contactId":"{{contact}}"}""")).GetProperty("runs").EnumerateArray());

        await (await _client.PostAsync($"/api/stores/{store}/workflows/welcome/activate", null)).ReadJsonAsync();
        var first = await EventAsync(store, $$"""{"type":"signup","eventId":"evt-1","contactId":"{{contact}}"}""");
        var again = await EventAsync(store, $$"""{"type":"signup","eventId":"evt-1","contactId":"{{contact}}"}""");
        var runId = first.GetProperty("runs")[0].GetProperty("runId").GetString()!;
        Assert.Equal(runId, again.GetProperty("runs")[0].GetProperty("runId").GetString());
        await RunAsync(store, "welcome", runId);
        Assert.Single(await silo.SimulatorMessagesAsync(phone));

        await (await _client.PostAsync($"/api/stores/{store}/workflows/welcome/deactivate", null)).ReadJsonAsync();
        Assert.Empty((await EventAsync(store, $$"""{"type":"signup","contactId":"{{contact}}"}""")).GetProperty("runs").EnumerateArray());
    }

    [Fact]
    public async Task A_bad_definition_is_a_400_listing_every_problem_and_saves_nothing()
    {
        var store = await silo.StoreAsync();
        var response = await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/broken", """
            {"name":"Broken","trigger":{"type":"event","eventType":"purchase"},"start":"a","nodes":[
              {"id":"a","type":"sendSms","smsId":"missing","recipient":{"type":"alert","phone":"600111222"},"kind":"transactional","senderName":"Way too long a name","variables":{},"next":"b"},
              {"id":"b","type":"wait","duration":"PT1H","next":"nowhere"},
              {"id":"orphan","type":"wait","duration":"PT1H","next":null}]}
            """);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains(fields, f => f.Contains("smsId"));
        Assert.Contains(fields, f => f.Contains("senderName"));
        Assert.Contains(fields, f => f.Contains("phone"));
        Assert.Contains(fields, f => f.Contains("next"));
        Assert.Contains(fields, f => f.Contains("nodes[2]") || f.Contains("orphan"));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/stores/{store}/workflows/broken")).StatusCode);
    }

    [Fact]
    public async Task A_manual_run_for_one_contact_records_its_path()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);
        await PutSmsAsync(store, "hi", "Hola {{firstName}}");
        await PutWorkflowAsync(store, "by-hand", """
            {"name":"By hand","trigger":{"type":"manual"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"hi","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop",
               "variables":{"firstName":{"from":"contact","field":"firstName"}},"next":"tag"},
              {"id":"tag","type":"updateContact","set":{"lastCampaign":"by-hand","_smsSubscriptionStatus":"subscribed"},"next":null}]}
            """, activate: false);

        var started = await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/by-hand/runs", new { contactId = contact })).ReadJsonAsync(HttpStatusCode.Accepted);
        var run = await RunAsync(store, "by-hand", started.GetProperty("runId").GetString()!);

        Assert.Equal(["sent", "updated"], run.GetProperty("path").EnumerateArray().Select(s => s.GetProperty("outcome").GetString()));
        Assert.Equal("Hola Ana", Assert.Single(await silo.SimulatorMessagesAsync(phone)).GetProperty("text").GetString());
        Assert.Equal("by-hand", (await silo.ContactJsonAsync(store, contact)).GetProperty("fields").GetProperty("lastCampaign").GetString());
    }
}
