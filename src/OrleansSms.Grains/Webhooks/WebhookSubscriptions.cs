using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansSms.Abstractions.Webhooks;
using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Grains.Webhooks;

/// <summary>
/// Which events each store's enabled webhooks take, as this silo last read it from the store's
/// <see cref="IStoreWebhooksGrain"/>. A contact asks before it records an event, so a store
/// without webhooks costs its contacts nothing. Read again in the background once older than
/// <see cref="WebhookOptions.SubscriptionLifetime"/> (the old answer serves meanwhile); a store
/// not read yet is taken as wanting everything, and its contacts' hand-offs, which wait for the
/// first read, drop what it does not want. The silo that saves a webhook forgets its entry at once.
/// </summary>
public sealed partial class WebhookSubscriptions(IGrainFactory grains, IOptions<WebhookOptions> options, ILogger<WebhookSubscriptions> logger)
{
    /// <summary>Stores remembered per silo; past it the oldest are read again as they come.</summary>
    private const int MaxStores = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _stores = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public readonly Lock Gate = new();
        public int Mask = WebhookEventTypes.AllMask;
        public bool Known;
        public long ReadAt;
        public Task<int>? Reading;
    }

    /// <summary>Whether an event of <paramref name="type"/> may be wanted: false only when the store is known not to want it.</summary>
    public bool MayWant(string storeId, WebhookEventType type)
    {
        var entry = EntryOf(storeId);
        lock (entry.Gate)
        {
            if (!entry.Known || Stale(entry))
            {
                StartReading(storeId, entry);
            }

            return !entry.Known || WebhookEventTypes.Contains(entry.Mask, type);
        }
    }

    /// <summary>The store's mask, waiting for the first read when there has been none.</summary>
    public async Task<int> MaskAsync(string storeId)
    {
        var entry = EntryOf(storeId);
        Task<int> reading;
        lock (entry.Gate)
        {
            if (entry.Known && !Stale(entry))
            {
                return entry.Mask;
            }

            reading = StartReading(storeId, entry);
            if (entry.Known)
            {
                return entry.Mask;
            }
        }

        return await reading;
    }

    /// <summary>Forgets what this silo knew of the store (it has just changed its webhooks).</summary>
    public void Forget(string storeId) => _stores.TryRemove(storeId, out _);

    private Entry EntryOf(string storeId)
    {
        if (_stores.Count > MaxStores && !_stores.ContainsKey(storeId))
        {
            _stores.Clear();
        }

        return _stores.GetOrAdd(storeId, static _ => new Entry());
    }

    private bool Stale(Entry entry) => Environment.TickCount64 - entry.ReadAt > (long)options.Value.SubscriptionLifetime.TotalMilliseconds;

    /// <summary>One read at a time per store, off the caller's grain (its answer lands here, not in a grain's turn).</summary>
    private Task<int> StartReading(string storeId, Entry entry)
    {
        if (entry.Reading is { } reading)
        {
            return reading;
        }

        var read = Task.Run(async () =>
        {
            try
            {
                var mask = await grains.GetStoreWebhooks(storeId).GetSubscribedMaskAsync();
                lock (entry.Gate)
                {
                    (entry.Mask, entry.Known, entry.ReadAt, entry.Reading) = (mask, true, Environment.TickCount64, null);
                }

                return mask;
            }
            catch (Exception e)
            {
                LogReadFailed(logger, e, storeId);
                lock (entry.Gate)
                {
                    entry.Reading = null;
                    return entry.Known ? entry.Mask : WebhookEventTypes.AllMask;
                }
            }
        });
        entry.Reading = read;
        return read;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: which events its webhooks take could not be read; asked again at the next event")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string storeId);
}
