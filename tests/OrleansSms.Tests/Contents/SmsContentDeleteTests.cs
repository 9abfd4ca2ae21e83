using System.Net;
using System.Net.Http.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contents;

/// <summary><c>DELETE /api/stores/{storeId}/sms/{smsId}</c>: refused while an active workflow uses the content.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class SmsContentDeleteTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private static string Workflow(string trigger, string smsId) => $$"""
        {"name":"Uses {{smsId}}","trigger":{{trigger}},"start":"send","nodes":[
          {"id":"send","type":"sendSms","smsId":"{{smsId}}","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","next":null}]}
        """;

    private async Task SaveWorkflowAsync(string store, string workflowId, string trigger, string smsId, bool activate)
    {
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{workflowId}", Workflow(trigger, smsId))).ReadJsonAsync();
        if (activate)
        {
            Assert.True((await (await _client.PostAsync($"/api/stores/{store}/workflows/{workflowId}/activate", null)).ReadJsonAsync()).GetProperty("active").GetBoolean());
        }
    }

    private async Task<HttpStatusCode> DeleteAsync(string store, string smsId)
    {
        using var response = await _client.DeleteAsync($"/api/stores/{store}/sms/{smsId}");
        return response.StatusCode;
    }

    [Fact]
    public async Task A_content_active_workflows_use_is_409_naming_them_then_204_once_they_are_inactive_and_its_id_is_new_again()
    {
        var store = Ids.Store();
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/promo", new { name = "Promo", text = "20% hoy" })).ReadJsonAsync();
        await SaveWorkflowAsync(store, "on-purchase", """{"type":"event","eventType":"purchase"}""", "promo", activate: true);
        await SaveWorkflowAsync(store, "weekly", """{"type":"newsletter"}""", "promo", activate: true);
        await SaveWorkflowAsync(store, "draft", """{"type":"newsletter"}""", "promo", activate: false);

        using (var refused = await _client.DeleteAsync($"/api/stores/{store}/sms/promo"))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(["on-purchase", "weekly"], problem.GetProperty("workflows").EnumerateArray().Select(w => w.GetString()));
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains("'on-purchase'", detail);
            Assert.Contains("'weekly'", detail);
            Assert.DoesNotContain("draft", detail);
        }

        await (await _client.GetAsync($"/api/stores/{store}/sms/promo")).ReadJsonAsync();

        // One still active is still named; none, and the content goes.
        await (await _client.PostAsync($"/api/stores/{store}/workflows/on-purchase/deactivate", null)).ReadJsonAsync();
        var still = await (await _client.DeleteAsync($"/api/stores/{store}/sms/promo")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["weekly"], still.GetProperty("workflows").EnumerateArray().Select(w => w.GetString()));
        await (await _client.PostAsync($"/api/stores/{store}/workflows/weekly/deactivate", null)).ReadJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, await DeleteAsync(store, "promo"));
        await (await _client.GetAsync($"/api/stores/{store}/sms/promo")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, await DeleteAsync(store, "promo"));
        Assert.Equal(HttpStatusCode.NoContent, await DeleteAsync(store, "never-saved"));

        // A workflow whose version names the deleted content is not activated.
        var missing = await (await _client.PostAsync($"/api/stores/{store}/workflows/draft/activate", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["promo"], missing.GetProperty("missingContents").EnumerateArray().Select(m => m.GetString()));
        Assert.False((await (await _client.GetAsync($"/api/stores/{store}/workflows/draft")).ReadJsonAsync()).GetProperty("active").GetBoolean());

        // The id saved again is a new content, and the workflow activates.
        var again = await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/promo", new { name = "Promo 2", text = "30% hoy" })).ReadJsonAsync();
        Assert.Equal("30% hoy", again.GetProperty("text").GetString());
        Assert.True((await (await _client.PostAsync($"/api/stores/{store}/workflows/draft/activate", null)).ReadJsonAsync()).GetProperty("active").GetBoolean());
        var used = await (await _client.DeleteAsync($"/api/stores/{store}/sms/promo")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["draft"], used.GetProperty("workflows").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task An_active_workflow_saved_without_the_content_no_longer_holds_it()
    {
        var store = Ids.Store();
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/old", new { name = "Old", text = "Antes" })).ReadJsonAsync();
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/sms/new", new { name = "New", text = "Ahora" })).ReadJsonAsync();
        await SaveWorkflowAsync(store, "weekly", """{"type":"newsletter"}""", "old", activate: true);
        await (await _client.DeleteAsync($"/api/stores/{store}/sms/old")).AssertProblemAsync(HttpStatusCode.Conflict);

        await SaveWorkflowAsync(store, "weekly", """{"type":"newsletter"}""", "new", activate: false);
        Assert.Equal(HttpStatusCode.NoContent, await DeleteAsync(store, "old"));
        await (await _client.DeleteAsync($"/api/stores/{store}/sms/new")).AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
