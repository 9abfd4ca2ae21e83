using System.Net;
using System.Net.Http.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary>A Wait is a durable reminder: the run resumes after the silo hosting it has stopped.</summary>
public sealed class WaitResumeTests
{
    [Fact]
    public async Task A_waiting_run_resumes_on_a_new_silo_after_its_silo_stopped()
    {
        var directory = Directory.CreateTempSubdirectory("orleans-sms-wait-");
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
                      {"id":"wait","type":"wait","duration":"PT3S","next":"mark"},
                      {"id":"mark","type":"updateContact","set":{"step":"after"},"next":null}]}
                    """)).ReadJsonAsync();
                runId = (await (await client.PostAsJsonAsync($"/api/stores/{store}/workflows/later/runs", new { contactId = contact }))
                    .ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;
                await SendingSiloFixture.EventuallyAsync(
                    async () => await (await client.GetAsync($"/api/stores/{store}/workflows/later/runs/{runId}")).ReadJsonAsync(),
                    r => r.GetProperty("status").GetString() == "waiting", "the run to wait");
            }

            // The silo is gone before the wait ends; a new one on the same database takes over.
            await using var second = new SiloFactory(settings);
            var again = second.CreateAuthorizedClient();
            var run = await SendingSiloFixture.EventuallyAsync(
                async () => await (await again.GetAsync($"/api/stores/{store}/workflows/later/runs/{runId}")).ReadJsonAsync(),
                r => r.GetProperty("status").GetString() == "completed", "the run to resume and complete", seconds: 60);

            Assert.Equal(["waiting", "updated"], run.GetProperty("path").EnumerateArray().Select(s => s.GetProperty("outcome").GetString()));
            Assert.Equal("after", (await (await again.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync()).GetProperty("fields").GetProperty("step").GetString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
