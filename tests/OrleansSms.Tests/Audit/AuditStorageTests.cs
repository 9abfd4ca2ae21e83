using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Abstractions.Audit;
using OrleansSms.Grains;
using OrleansSms.Grains.Audit;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Audit;

/// <summary>An answered change has its audit entry in storage already: a silo that dies right after loses none.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class AuditStorageTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<List<AuditEntry>> StoredAsync(string store)
    {
        var storage = silo.Factory.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);
        var grain = silo.Factory.Services.GetRequiredService<IGrainFactory>().GetStoreAudit(store);
        var state = new GrainState<StoreAuditState>(new StoreAuditState());
        await storage.ReadStateAsync("storeAudit", grain.GetGrainId(), state);
        return state.State?.Entries ?? [];
    }

    [Fact]
    public async Task Each_answered_change_is_stored_before_the_answer_and_read_back_by_a_new_activation()
    {
        var store = Ids.Store();
        var saves = Enumerable.Range(0, 8).Select(i =>
            _client.PutJsonAsync($"/api/stores/{store}/sms/c{i}", new { name = "N", text = "T" }));

        // Side by side: appends that come together share writes, and each answer waits for its own.
        foreach (var answer in await Task.WhenAll(saves))
        {
            await answer.ReadJsonAsync();
        }

        var stored = await StoredAsync(store);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"sms/c{i}").Order(), stored.Select(e => e.Target).Order());
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.All(stored, e => Assert.Equal(SiloFactory.AllStoresKeyName, e.Key));

        await ContactActivations.CollectIdleAsync(silo.Factory.Services);
        var (trail, _) = await ListPages.WalkAsync(_client, $"/api/stores/{store}/audit", limit: 50);
        Assert.Equal(8, trail.Count);
    }
}
