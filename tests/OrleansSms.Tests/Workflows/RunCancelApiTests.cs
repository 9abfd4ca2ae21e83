using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary><c>POST …/runs/{runId}/cancel</c> on one-contact runs: 200 and idempotent, 404, 409.</summary>
[Collection(SendingSiloCollection.Name)]
public sealed class RunCancelApiTests(SendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<(string Store, string Contact)> WorkflowAsync(string workflowId, string firstNode)
    {
        var store = await silo.StoreAsync();
        var contact = await silo.ContactAsync(store, TestPhones.Next());
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/hi", new { name = "Hi", text = "Hola" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{workflowId}", $$"""
            {"name":"W","trigger":{"type":"manual"},"start":"first","nodes":[
              {{firstNode}},
              {"id":"send","type":"sendSms","smsId":"hi","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","next":null}]}
            """)).ReadJsonAsync();
        return (store, contact);
    }

    private async Task<JsonElement> StartAsync(string store, string workflowId, string contact, string runId, string until)
    {
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/{workflowId}/runs", new { contactId = contact, runId }))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        return await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/{workflowId}/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == until, $"the run to be {until}");
    }

    [Fact]
    public async Task A_waiting_run_is_cancelled_the_same_way_twice_and_stays_readable()
    {
        var (store, contact) = await WorkflowAsync("later", """{"id":"first","type":"wait","duration":"PT1H","next":"send"}""");
        await StartAsync(store, "later", contact, "r1", "waiting");

        var cancelled = await (await _client.PostAsync($"/api/stores/{store}/workflows/later/runs/r1/cancel", null)).ReadJsonAsync();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("waitingUntil").ValueKind);
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("completedAt").ValueKind);
        var at = cancelled.GetProperty("cancelledAt").GetDateTimeOffset();

        var again = await (await _client.PostAsync($"/api/stores/{store}/workflows/later/runs/r1/cancel", null)).ReadJsonAsync();
        Assert.Equal("cancelled", again.GetProperty("status").GetString());
        Assert.Equal(at, again.GetProperty("cancelledAt").GetDateTimeOffset());

        var read = await (await _client.GetAsync($"/api/stores/{store}/workflows/later/runs/r1")).ReadJsonAsync();
        Assert.Equal("cancelled", read.GetProperty("status").GetString());
        Assert.Equal(["waiting"], read.GetProperty("path").EnumerateArray().Select(s => s.GetProperty("outcome").GetString()));
        Assert.Empty(await silo.HistoryAsync(store, contact));
    }

    [Fact]
    public async Task An_unknown_run_or_workflow_is_404()
    {
        var (store, _) = await WorkflowAsync("known", """{"id":"first","type":"wait","duration":"PT1H","next":"send"}""");
        var unknownRun = await (await _client.PostAsync($"/api/stores/{store}/workflows/known/runs/nope/cancel", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("nope", unknownRun.GetProperty("detail").GetString());
        await (await _client.PostAsync($"/api/stores/{store}/workflows/unknown/runs/nope/cancel", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_completed_run_is_409_and_stays_completed()
    {
        var (store, contact) = await WorkflowAsync("now", """{"id":"first","type":"updateContact","set":{"seen":true},"next":"send"}""");
        var completed = await StartAsync(store, "now", contact, "r1", "completed");

        var problem = await (await _client.PostAsync($"/api/stores/{store}/workflows/now/runs/r1/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("completed", problem.GetProperty("detail").GetString());

        var read = await (await _client.GetAsync($"/api/stores/{store}/workflows/now/runs/r1")).ReadJsonAsync();
        Assert.Equal("completed", read.GetProperty("status").GetString());
        Assert.Equal(completed.GetProperty("completedAt").GetDateTimeOffset(), read.GetProperty("completedAt").GetDateTimeOffset());
        Assert.Single(await silo.HistoryAsync(store, contact));
    }
}
