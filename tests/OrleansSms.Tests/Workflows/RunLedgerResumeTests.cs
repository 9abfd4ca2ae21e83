using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Grains;
using OrleansSms.Grains.Workflows;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary>
/// A run recorded only in its store's run ledger (its silo died before the run wrote anything)
/// is started again by the ledger's reminder on a new silo.
/// </summary>
public sealed class RunLedgerResumeTests
{
    [Fact]
    public async Task A_run_only_the_ledger_knew_of_is_resumed_and_completed_by_a_new_silo()
    {
        var directory = Directory.CreateTempSubdirectory("orleans-sms-ledger-");
        try
        {
            var database = Path.Combine(directory.FullName, "state.db");

            // The first silo's interval (the ledger reminder's period, as stored) leaves it time to
            // stop before the first tick; the second resumes whatever was recorded 2 s before a tick.
            Dictionary<string, string?> Settings(string resumeInterval) => new()
            {
                ["Storage:SqlitePath"] = database,
                ["Durability:ResumeInterval"] = resumeInterval,
                ["ClusterTuning:Reminders:MinimumReminderPeriod"] = "00:00:02",
            };

            var (store, contact, runId) = (Ids.Store(), Ids.Contact(), Guid.NewGuid().ToString("N"));
            var runKey = $"{store}/mark/{runId}";
            DateTimeOffset startedAt;
            int version;
            await using (var first = new SiloFactory(Settings("00:00:05")))
            {
                var client = first.CreateAuthorizedClient();
                await (await client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}", """{"fields":{"step":"before"}}""")).ReadJsonAsync();
                version = (await (await client.PutRawJsonAsync($"/api/stores/{store}/workflows/mark", """
                    {"name":"Mark","trigger":{"type":"manual"},"start":"mark","nodes":[
                      {"id":"mark","type":"updateContact","set":{"step":"after"},"next":null}]}
                    """)).ReadJsonAsync()).GetProperty("version").GetInt32();

                // What StartAsync does first, and then nothing: the silo "dies" before the run runs.
                var grains = first.Services.GetRequiredService<IGrainFactory>();
                startedAt = DateTimeOffset.UtcNow;
                var ledger = grains.GetRunLedger(store, RunLedger.PartitionOf(runKey));
                Assert.True(await ledger.AddAsync(runKey, new RunStart { WorkflowId = "mark", Version = version, ContactId = contact }, startedAt));
            }

            var firstGone = DateTimeOffset.UtcNow;
            await using var second = new SiloFactory(Settings("00:00:02"));
            var again = second.CreateAuthorizedClient();
            var run = await SendingSiloFixture.EventuallyAsync(
                async () =>
                {
                    var response = await again.GetAsync($"/api/stores/{store}/workflows/mark/runs/{runId}");
                    return response.StatusCode == HttpStatusCode.NotFound ? default : await response.ReadJsonAsync();
                },
                r => r.ValueKind == System.Text.Json.JsonValueKind.Object && r.GetProperty("status").GetString() is "completed" or "failed",
                "the ledger to resume the run and the run to finish", seconds: 60);

            Assert.Equal("completed", run.GetProperty("status").GetString());
            Assert.Equal(version, run.GetProperty("version").GetInt32());
            Assert.Equal(contact, run.GetProperty("contactId").GetString());

            // The run keeps the start the ledger recorded, and ran on the second silo.
            Assert.Equal(startedAt, run.GetProperty("startedAt").GetDateTimeOffset());
            var step = Assert.Single(run.GetProperty("path").EnumerateArray());
            Assert.Equal("mark", step.GetProperty("nodeId").GetString());
            Assert.Equal("updated", step.GetProperty("outcome").GetString());
            Assert.True(step.GetProperty("at").GetDateTimeOffset() > firstGone, $"the step ran before the first silo was gone: {step}");

            Assert.Equal("after", (await (await again.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync()).GetProperty("fields").GetProperty("step").GetString());

            // The ledger has let the run go, in storage too.
            var ledgerAgain = second.Services.GetRequiredService<IGrainFactory>().GetRunLedger(store, RunLedger.PartitionOf(runKey));
            Assert.Equal(0, await ledgerAgain.CountAsync());
            var storage = second.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);
            await SendingSiloFixture.EventuallyAsync(
                async () =>
                {
                    var state = new GrainState<RunLedgerState>(new RunLedgerState());
                    await storage.ReadStateAsync("runLedger", ledgerAgain.GetGrainId(), state);
                    return state.State?.Runs.Count ?? 0;
                },
                count => count == 0, "the ledger's removal to be written", seconds: 10);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
