using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Webhooks;

/// <summary>
/// One of a store's webhook dispatchers, keyed <c>{storeId}/{partition}</c> (see
/// <see cref="WebhookKeys"/>): the durable queue, per webhook, of the events of the contacts of
/// its partition, and their delivery (signed POSTs, retried with backoff, in order per contact).
/// </summary>
public interface IWebhookDispatcherGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes one contact's events, in order, into the queue of each enabled webhook that wants
    /// them; answers once they are stored. An event already taken (by its id) is not taken again.
    /// An event a full queue cannot take is counted as dropped (see <see cref="WebhookDeliveries.Dropped"/>).
    /// </summary>
    Task AcceptAsync(WebhookEvent[] events);

    /// <summary>The store's webhooks as they are now (their queue goes with a webhook that is gone).</summary>
    Task ConfigureAsync(WebhookTarget[] targets);

    /// <summary>This dispatcher's share of one webhook's attempts, queue and drops.</summary>
    [ReadOnly]
    Task<WebhookDeliveries> GetDeliveriesAsync(string webhookId);
}
