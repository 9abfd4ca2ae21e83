namespace OrleansSms.Abstractions.Webhooks;

/// <summary>
/// The keys of a store's webhook grains: <see cref="IStoreWebhooksGrain"/> by store id, and its
/// <see cref="Partitions"/> dispatchers, <c>{storeId}/{partition}</c>, each the queue of the
/// events of the contacts that hash to it.
/// </summary>
public static class WebhookKeys
{
    /// <summary>
    /// Dispatchers per store. Fixed: a contact's events must always go through the same one, or
    /// their order could not be kept. Four spread a store's deliveries over silos and keep each
    /// queue's stored state small.
    /// </summary>
    public const int Partitions = 4;

    /// <summary>FNV-1a of the contact id, like the contact index's partitions (stable across processes and versions).</summary>
    public static int PartitionOf(string contactId) => (int)(StableHash.Fnv1a(contactId) % Partitions);

    public static string Dispatcher(string storeId, int partition) => GrainKeys.Pair(storeId, partition);

    public static (string StoreId, int Partition) ParseDispatcher(string key) => GrainKeys.SplitNumbered(key, "webhook dispatcher (storeId/partition)");

    public static IStoreWebhooksGrain GetStoreWebhooks(this IGrainFactory grains, string storeId) =>
        grains.GetGrain<IStoreWebhooksGrain>(GrainKeys.Store(storeId));

    public static IWebhookDispatcherGrain GetWebhookDispatcher(this IGrainFactory grains, string storeId, int partition) =>
        grains.GetGrain<IWebhookDispatcherGrain>(Dispatcher(storeId, partition));
}
