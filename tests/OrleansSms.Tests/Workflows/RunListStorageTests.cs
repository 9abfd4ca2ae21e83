using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Grains;
using OrleansSms.Grains.Workflows;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary>
/// The registries behind the lists are stored: a store's contents and workflows before a save is
/// answered, a workflow's runs within a second of each change (and when the list's activation goes).
/// </summary>
[Collection(MemorySiloCollection.Name)]
public sealed class RunListStorageTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private IServiceProvider Services => silo.Factory.Services;

    private IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    private async Task<T?> StoredAsync<T>(string stateName, IAddressable grain) where T : class, new()
    {
        var state = new GrainState<T>(new T());
        await Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms).ReadStateAsync(stateName, grain.GetGrainId(), state);
        return state.RecordExists ? state.State : null;
    }

    [Fact]
    public async Task Contents_and_workflows_are_in_their_store_directory_in_storage_once_saved()
    {
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms/b", new { name = "B", text = "T" })).ReadJsonAsync();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms/a", new { name = "A", text = "T" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/w", """
            {"name":"W","trigger":{"type":"manual"},"start":"mark","nodes":[{"id":"mark","type":"updateContact","set":{"seen":true},"next":null}]}
            """)).ReadJsonAsync();

        Assert.Equal(["a", "b"], (await StoredAsync<IdDirectoryState>("smsContentDirectory", Grains.GetSmsContentDirectory(store)))?.Ids);
        Assert.Equal(["w"], (await StoredAsync<IdDirectoryState>("workflowDirectory", Grains.GetWorkflowDirectory(store)))?.Ids);
    }

    [Fact]
    public async Task A_run_s_changes_reach_storage_and_a_new_activation_lists_them()
    {
        var store = Ids.Store();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/w", """
            {"name":"W","trigger":{"type":"manual"},"start":"mark","nodes":[{"id":"mark","type":"updateContact","set":{"seen":true},"next":null}]}
            """)).ReadJsonAsync();
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/w/runs", new { contactId = Ids.Contact(), runId = "r1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var list = Grains.GetWorkflowRuns(new WorkflowKey(store, "w"));

        var stored = await SendingSiloFixture.EventuallyAsync(
            () => StoredAsync<WorkflowRunsState>("workflowRuns", list),
            s => s?.Runs is [{ Status: RunListStatus.Completed }], "the completed run in the stored list");
        Assert.Equal("r1", stored!.Runs[0].RunId);

        await ContactActivations.CollectIdleAsync(Services);
        var (runs, _) = await ListPages.WalkAsync(_client, $"/api/stores/{store}/workflows/w/runs", limit: 10);
        Assert.Equal(["completed"], runs.Strings("status"));
    }
}
