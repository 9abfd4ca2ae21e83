using System.Net;
using System.Net.Http.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary><c>DELETE /api/stores/{storeId}/workflows/{workflowId}</c>: refused while active; runs in flight finish on their version.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class WorkflowDeleteTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private const string OnPurchase = """
        {"name":"On purchase","trigger":{"type":"event","eventType":"purchase"},"start":"mark","nodes":[
          {"id":"mark","type":"updateContact","set":{"bought":true},"next":null}]}
        """;

    [Fact]
    public async Task An_active_workflow_is_409_deactivate_first_then_204_gone_starting_nothing_and_its_id_is_a_new_workflow()
    {
        var store = Ids.Store();
        var contact = Ids.Contact();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/buy", OnPurchase)).ReadJsonAsync();
        await (await _client.PostAsync($"/api/stores/{store}/workflows/buy/activate", null)).ReadJsonAsync();

        var refused = await (await _client.DeleteAsync($"/api/stores/{store}/workflows/buy")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("deactivate it first", refused.GetProperty("detail").GetString());
        Assert.True((await (await _client.GetAsync($"/api/stores/{store}/workflows/buy")).ReadJsonAsync()).GetProperty("active").GetBoolean());

        await (await _client.PostAsync($"/api/stores/{store}/workflows/buy/deactivate", null)).ReadJsonAsync();
        using (var deleted = await _client.DeleteAsync($"/api/stores/{store}/workflows/buy"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await (await _client.GetAsync($"/api/stores/{store}/workflows/buy")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync($"/api/stores/{store}/workflows/buy/activate", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/buy/runs", new { contactId = contact })).AssertProblemAsync(HttpStatusCode.NotFound);
        using (var again = await _client.DeleteAsync($"/api/stores/{store}/workflows/buy"))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }

        // Saved again: a new, inactive workflow on the next version number.
        var saved = await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/buy", OnPurchase)).ReadJsonAsync();
        Assert.Equal((2, false), (saved.GetProperty("version").GetInt32(), saved.GetProperty("active").GetBoolean()));
        var published = await (await _client.PostAsJsonAsync($"/api/stores/{store}/events", new { type = "purchase", contactId = contact })).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Empty(published.GetProperty("runs").EnumerateArray());
    }
}

/// <summary>A run in flight when its workflow is deleted finishes on its version, read back from storage by a new silo.</summary>
public sealed class DeletedWorkflowRunTests
{
    [Fact]
    public async Task A_waiting_run_of_a_deleted_workflow_finishes_on_its_version_after_a_restart_even_with_the_id_saved_again()
    {
        var directory = Directory.CreateTempSubdirectory("orleans-sms-delete-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = Path.Combine(directory.FullName, "state.db") };
            var (store, contact) = (Ids.Store(), Ids.Contact());
            string runId;
            await using (var first = new SiloFactory(settings))
            {
                var client = first.CreateAuthorizedClient();
                await (await client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}", """{"fields":{"step":"before"}}""")).ReadJsonAsync();
                await (await client.PutRawJsonAsync($"/api/stores/{store}/workflows/later", """
                    {"name":"Later","trigger":{"type":"manual"},"start":"wait","nodes":[
                      {"id":"wait","type":"wait","duration":"PT5S","next":"mark"},
                      {"id":"mark","type":"updateContact","set":{"step":"first version"},"next":null}]}
                    """)).ReadJsonAsync();
                runId = (await (await client.PostAsJsonAsync($"/api/stores/{store}/workflows/later/runs", new { contactId = contact }))
                    .ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;
                await SendingSiloFixture.EventuallyAsync(
                    async () => await (await client.GetAsync($"/api/stores/{store}/workflows/later/runs/{runId}")).ReadJsonAsync(),
                    r => r.GetProperty("status").GetString() == "waiting", "the run to wait");

                using (var deleted = await client.DeleteAsync($"/api/stores/{store}/workflows/later"))
                {
                    Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
                }

                // Another workflow under the id: its version 1 would be the wrong definition for the run.
                var saved = await (await client.PutRawJsonAsync($"/api/stores/{store}/workflows/later", """
                    {"name":"Other","trigger":{"type":"manual"},"start":"mark","nodes":[
                      {"id":"mark","type":"updateContact","set":{"step":"second workflow"},"next":null}]}
                    """)).ReadJsonAsync();
                Assert.Equal(2, saved.GetProperty("version").GetInt32());
            }

            // A new silo on the same database: no definition in memory, the run reads its version from storage.
            await using var second = new SiloFactory(settings);
            var again = second.CreateAuthorizedClient();
            var run = await SendingSiloFixture.EventuallyAsync(
                async () => await (await again.GetAsync($"/api/stores/{store}/workflows/later/runs/{runId}")).ReadJsonAsync(),
                r => r.GetProperty("status").GetString() == "completed", "the run to resume and complete", seconds: 60);

            Assert.Equal(1, run.GetProperty("version").GetInt32());
            Assert.Equal(["waiting", "updated"], run.GetProperty("path").EnumerateArray().Select(s => s.GetProperty("outcome").GetString()));
            Assert.Equal("first version", (await (await again.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync()).GetProperty("fields").GetProperty("step").GetString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
