using Orleans.Concurrency;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Domain.Lists;

namespace OrleansSms.Grains.Channel;

/// <inheritdoc cref="IStoreDirectoryGrain"/>
/// <remarks>
/// Written once per store (its first channel save, or the first activation of a channel saved
/// before the directory existed); asked only for store ids a silo has not seen yet. Reentrant:
/// adds that come together share a write, and questions never wait for one. Lists are read in id
/// order from a sorted copy of the ids, made again after a store is added.
/// </remarks>
[Reentrant]
internal sealed class StoreDirectoryGrain(
    [PersistentState("storeDirectory", StorageNames.Sms)] IPersistentState<StoreDirectoryState> state) : Grain, IStoreDirectoryGrain
{
    private readonly CoalescingStateWriter<StoreDirectoryState> _writer = new(state);
    private SortedIds? _sorted;

    public async Task AddAsync(string storeId)
    {
        if (state.State.StoreIds.Contains(storeId))
        {
            // Known; durably once the write that carries it has landed.
            await _writer.WhenIdleAsync();
            return;
        }

        await _writer.WriteAsync(() =>
        {
            if (state.State.StoreIds.Add(storeId))
            {
                _sorted = null;
            }
        });
    }

    public Task<bool> ContainsAsync(string storeId) => Task.FromResult(state.State.StoreIds.Contains(storeId));

    public async Task<StorePage> ListAsync(string? after, int limit, string? only)
    {
        string[] ids;
        bool more;
        if (only is not null)
        {
            ids = state.State.StoreIds.Contains(only) && (after is null || string.CompareOrdinal(only, after) > 0) ? [only] : [];
            more = false;
        }
        else
        {
            (ids, more) = (_sorted ??= new SortedIds(state.State.StoreIds)).After(after, limit);
        }

        var channels = await Task.WhenAll(ids.Select(id => GrainFactory.GetStoreChannel(id).GetAsync()));
        var items = channels.OfType<StoreChannel>().Select(c => new StoreSummary
        {
            StoreId = c.StoreId,
            Provider = c.Provider,
            TokenCheck = c.TokenCheck,
            DefaultCountry = c.DefaultCountry,
            UpdatedAt = c.UpdatedAt,
        }).ToArray();
        return new StorePage(items, more ? ids[^1] : null);
    }
}
