using Orleans.Concurrency;
using OrleansSms.Abstractions.Channel;

namespace OrleansSms.Grains.Channel;

/// <inheritdoc cref="IStoreDirectoryGrain"/>
/// <remarks>
/// Written once per store (its first channel save, or the first activation of a channel saved
/// before the directory existed); asked only for store ids a silo has not seen yet. Reentrant:
/// adds that come together share a write, and questions never wait for one.
/// </remarks>
[Reentrant]
internal sealed class StoreDirectoryGrain(
    [PersistentState("storeDirectory", StorageNames.Sms)] IPersistentState<StoreDirectoryState> state) : Grain, IStoreDirectoryGrain
{
    private readonly CoalescingStateWriter<StoreDirectoryState> _writer = new(state);

    public async Task AddAsync(string storeId)
    {
        if (state.State.StoreIds.Contains(storeId))
        {
            // Known; durably once the write that carries it has landed.
            await _writer.WhenIdleAsync();
            return;
        }

        await _writer.WriteAsync(() => state.State.StoreIds.Add(storeId));
    }

    public Task<bool> ContainsAsync(string storeId) => Task.FromResult(state.State.StoreIds.Contains(storeId));
}
