using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Grains;
using OrleansSms.Grains.Workflows;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary>
/// The per-store run ledger: what it holds, its capacity, and how one-contact runs enter and
/// leave it (in-memory silo; each test its own store, so its own ledger partitions).
/// </summary>
[Collection(MemorySiloCollection.Name)]
public sealed class RunLedgerGrainTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private IServiceProvider Services => silo.Factory.Services;

    private IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    private static RunStart Start(string workflowId = "wf") => new() { WorkflowId = workflowId, Version = 1, ContactId = Ids.Contact() };

    /// <summary>The run keys the ledger's state holds in storage (not in the activation's memory).</summary>
    private async Task<string[]> StoredRunKeysAsync(IRunLedgerGrain ledger)
    {
        var storage = Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);
        var state = new GrainState<RunLedgerState>(new RunLedgerState());
        await storage.ReadStateAsync("runLedger", ledger.GetGrainId(), state);
        return state.State is { } stored ? [.. stored.Runs.Keys.Order(StringComparer.Ordinal)] : [];
    }

    private async Task<ReminderEntry?> ReminderAsync(IAddressable grain, string name) =>
        await Services.GetRequiredService<IReminderTable>().ReadRow(grain.GetGrainId(), name);

    [Fact]
    public async Task Adds_are_counted_once_per_run_survive_reactivation_and_removals_reach_storage_within_a_second()
    {
        var store = Ids.Store();
        var ledger = Grains.GetRunLedger(store, 0);
        var (first, second) = ($"{store}/wf/run-1", $"{store}/wf/run-2");
        var startedAt = DateTimeOffset.UtcNow;

        Assert.Equal(0, await ledger.CountAsync());
        Assert.True(await ledger.AddAsync(first, Start(), startedAt));
        Assert.True(await ledger.AddAsync(second, Start(), startedAt));
        Assert.True(await ledger.AddAsync(first, Start(), startedAt));
        Assert.Equal(2, await ledger.CountAsync());

        // Partitions (and stores) are separate ledgers.
        Assert.Equal(0, await Grains.GetRunLedger(store, 1).CountAsync());
        Assert.Equal(0, await Grains.GetRunLedger(Ids.Store(), 0).CountAsync());

        // An answered add is durable: storage holds both, and a new activation counts them.
        Assert.Equal([first, second], await StoredRunKeysAsync(ledger));
        await ContactActivations.CollectIdleAsync(Services);
        Assert.Equal(2, await ledger.CountAsync());

        await ledger.RemoveAsync(first);
        Assert.Equal(1, await ledger.CountAsync());
        await ledger.RemoveAsync(first);
        await ledger.RemoveAsync($"{store}/wf/never-added");
        Assert.Equal(1, await ledger.CountAsync());

        // Removals are written lazily, but within a second (a grain timer), with no other write.
        await SendingSiloFixture.EventuallyAsync(() => StoredRunKeysAsync(ledger), keys => keys.SequenceEqual([second]), "the removal to be written", seconds: 10);

        await ledger.RemoveAsync(second);
        Assert.Equal(0, await ledger.CountAsync());
    }

    [Fact]
    public async Task A_full_ledger_refuses_new_runs_but_still_accepts_the_runs_it_holds()
    {
        var store = Ids.Store();
        var ledger = Grains.GetRunLedger(store, 2);
        var startedAt = DateTimeOffset.UtcNow;
        var keys = Enumerable.Range(0, RunLedgerGrain.Capacity).Select(i => $"{store}/wf/run-{i}").ToList();
        try
        {
            foreach (var chunk in keys.Chunk(100))
            {
                var added = await Task.WhenAll(chunk.Select(key => ledger.AddAsync(key, Start(), startedAt)));
                Assert.All(added, ok => Assert.True(ok));
            }

            Assert.Equal(RunLedgerGrain.Capacity, await ledger.CountAsync());

            var extra = $"{store}/wf/one-too-many";
            Assert.False(await ledger.AddAsync(extra, Start(), startedAt));
            Assert.True(await ledger.AddAsync(keys[17], Start(), startedAt));
            Assert.Equal(RunLedgerGrain.Capacity, await ledger.CountAsync());

            // The refused run left nothing behind, in memory or in storage.
            Assert.DoesNotContain(extra, await StoredRunKeysAsync(ledger));

            // Another partition of the store has room of its own.
            var other = Grains.GetRunLedger(store, 3);
            Assert.True(await other.AddAsync(extra, Start(), startedAt));
            await other.RemoveAsync(extra);

            // Once a run leaves, a new one fits again.
            await ledger.RemoveAsync(keys[0]);
            Assert.True(await ledger.AddAsync(extra, Start(), startedAt));
            Assert.False(await ledger.AddAsync($"{store}/wf/and-another", Start(), startedAt));
            keys[0] = extra;
        }
        finally
        {
            // Nothing left for the ledger's reminder to resume (these runs do not exist).
            await Task.WhenAll(keys.Select(ledger.RemoveAsync));
        }

        Assert.Equal(0, await ledger.CountAsync());
    }

    [Fact]
    public async Task A_finished_manual_run_was_in_the_ledger_and_has_left_it()
    {
        var (store, contact) = (Ids.Store(), Ids.Contact());
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}", """{"fields":{"step":"before"}}""")).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/mark", """
            {"name":"Mark","trigger":{"type":"manual"},"start":"mark","nodes":[
              {"id":"mark","type":"updateContact","set":{"step":"after"},"next":null}]}
            """)).ReadJsonAsync();

        var runId = (await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/mark/runs", new { contactId = contact }))
            .ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/mark/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() is "completed" or "failed", "the run to finish");
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("after", (await (await _client.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync()).GetProperty("fields").GetProperty("step").GetString());

        var runKey = $"{store}/mark/{runId}";
        var ledger = Grains.GetRunLedger(store, RunLedger.PartitionOf(runKey));

        // It was recorded: the ledger registered its resume reminder for it (the first run of a new store)…
        Assert.NotNull(await ReminderAsync(ledger, "resume-runs"));

        // …and, over, the run keeps no reminder of its own.
        Assert.Null(await ReminderAsync(Grains.GetWorkflowRun(store, "mark", runId), "resume"));

        // Over, it has left the ledger: at once in memory, within a second in storage.
        await SendingSiloFixture.EventuallyAsync(ledger.CountAsync, count => count == 0, "the finished run to leave the ledger");
        await SendingSiloFixture.EventuallyAsync(() => StoredRunKeysAsync(ledger), keys => keys.Length == 0, "the ledger's removal to be written", seconds: 10);
    }

    [Fact]
    public async Task A_finished_run_leaves_memory_at_once_and_answers_from_storage_afterwards()
    {
        var (store, contact) = (Ids.Store(), Ids.Contact());
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}", """{"fields":{"step":"before"}}""")).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/mark", """
            {"name":"Mark","trigger":{"type":"manual"},"start":"mark","nodes":[
              {"id":"mark","type":"updateContact","set":{"step":"after"},"next":null}]}
            """)).ReadJsonAsync();

        var runId = (await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/mark/runs", new { contactId = contact }))
            .ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;

        // Watched through the contact and the catalog only: reading the run would wake it again.
        await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync(),
            c => c.GetProperty("fields").GetProperty("step").GetString() == "after", "the run to update the contact");
        var management = Grains.GetGrain<IManagementGrain>(0);
        var run = Grains.GetWorkflowRun(store, "mark", runId).GetGrainId();
        await SendingSiloFixture.EventuallyAsync(
            async () => (await management.GetDetailedGrainStatistics()).Count(a => a.GrainId == run), active => active == 0,
            "the finished run to leave memory (long before idle collection)");

        var stored = await (await _client.GetAsync($"/api/stores/{store}/workflows/mark/runs/{runId}")).ReadJsonAsync();
        Assert.Equal("completed", stored.GetProperty("status").GetString());
        Assert.Equal(["updated"], stored.GetProperty("path").EnumerateArray().Select(step => step.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task A_waiting_run_leaves_the_ledger_for_a_reminder_of_its_own()
    {
        var (store, contact) = (Ids.Store(), Ids.Contact());
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}", """{"fields":{"step":"before"}}""")).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/later", """
            {"name":"Later","trigger":{"type":"manual"},"start":"wait","nodes":[
              {"id":"wait","type":"wait","duration":"PT30S","next":"mark"},
              {"id":"mark","type":"updateContact","set":{"step":"after"},"next":null}]}
            """)).ReadJsonAsync();

        var runId = (await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/later/runs", new { contactId = contact }))
            .ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;
        await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/later/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "waiting", "the run to wait");

        var runKey = $"{store}/later/{runId}";
        var ledger = Grains.GetRunLedger(store, RunLedger.PartitionOf(runKey));

        // It started in the ledger (whose reminder it registered), and left it when it began to wait…
        Assert.NotNull(await ReminderAsync(ledger, "resume-runs"));
        await SendingSiloFixture.EventuallyAsync(ledger.CountAsync, count => count == 0, "the waiting run to leave the ledger");
        await SendingSiloFixture.EventuallyAsync(() => StoredRunKeysAsync(ledger), keys => keys.Length == 0, "the ledger's removal to be written", seconds: 10);

        // …for a reminder of its own, due when the wait ends.
        var own = await ReminderAsync(Grains.GetWorkflowRun(store, "later", runId), "resume");
        Assert.NotNull(own);
        Assert.InRange(own.StartAt.ToUniversalTime() - DateTime.UtcNow, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(31));
    }
}
