using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Webhooks;

/// <summary>
/// A store's webhooks, keyed by store id: where each one points, which events it takes, whether
/// it is enabled, and its signing secret. Every change is pushed to the store's dispatchers
/// (<see cref="IWebhookDispatcherGrain"/>) before it is answered.
/// </summary>
public interface IStoreWebhooksGrain : IGrainWithStringKey
{
    /// <summary>The most webhooks one store may have.</summary>
    public const int MaxWebhooks = 10;

    /// <summary>
    /// Creates or changes a webhook, merged: what <paramref name="settings"/> leaves null keeps its
    /// value. A new one needs a URL and events, and gets a secret, answered this once.
    /// </summary>
    Task<WebhookSaveResult> SaveAsync(string webhookId, WebhookSettings settings);

    /// <summary>The webhook, without its secret; null when the store has none of that id.</summary>
    [ReadOnly]
    Task<Webhook?> GetAsync(string webhookId);

    /// <summary>Every webhook of the store, by id, without secrets.</summary>
    [ReadOnly]
    Task<Webhook[]> ListAsync();

    /// <summary>Removes the webhook and what its dispatchers hold for it; false when there was none.</summary>
    Task<bool> DeleteAsync(string webhookId);

    /// <summary>Gives the webhook a new secret (the old one signs nothing from now on), answered this once; null when there is none.</summary>
    Task<WebhookSaveResult?> RotateSecretAsync(string webhookId);

    /// <summary>The webhook's recent delivery attempts and queue, gathered from the store's dispatchers; null when there is no such webhook.</summary>
    [ReadOnly]
    Task<WebhookDeliveries?> GetDeliveriesAsync(string webhookId);

    /// <summary>What the dispatchers deliver to: every webhook with its URL, secret and events.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<WebhookTarget[]> GetTargetsAsync();

    /// <summary>The events some enabled webhook takes, as a mask of <see cref="Domain.Webhooks.WebhookEventTypes.Bit"/>.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<int> GetSubscribedMaskAsync();
}
