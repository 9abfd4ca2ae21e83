using OrleansSms.Abstractions.Webhooks;
using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Grains.Webhooks;

/// <inheritdoc cref="IStoreWebhooksGrain"/>
internal sealed partial class StoreWebhooksGrain(
    [PersistentState("webhooks", StorageNames.Sms)] IPersistentState<StoreWebhooksState> state,
    TimeProvider time,
    ILogger<StoreWebhooksGrain> logger) : Grain, IStoreWebhooksGrain
{
    /// <summary>The newest attempts a delivery list shows, gathered from the dispatchers.</summary>
    public const int DeliveriesShown = 100;

    private string StoreId => this.GetPrimaryKeyString();

    public async Task<WebhookSaveResult> SaveAsync(string webhookId, WebhookSettings settings)
    {
        var now = time.GetUtcNow();
        var record = Find(webhookId);
        string? secret = null;
        if (record is null)
        {
            string[] missing = [.. new[] { settings.Url is null ? "url" : null, settings.Events is null ? "events" : null }.OfType<string>()];
            if (missing.Length > 0)
            {
                return new WebhookSaveResult { Refusal = WebhookRefusal.Incomplete, Missing = missing };
            }

            if (state.State.Webhooks.Count >= IStoreWebhooksGrain.MaxWebhooks)
            {
                return new WebhookSaveResult { Refusal = WebhookRefusal.TooMany };
            }

            secret = WebhookSecrets.New();
            record = new WebhookRecord { WebhookId = webhookId, Secret = secret, Enabled = true, CreatedAt = now };
            state.State.Webhooks.Add(record);
        }

        record.Url = settings.Url ?? record.Url;
        if (settings.Events is { } events)
        {
            record.Events = [.. events.Distinct().Order()];
        }

        record.Enabled = settings.Enabled ?? record.Enabled;
        record.UpdatedAt = now;
        await WriteOrUndoAsync();
        LogSaved(logger, StoreId, webhookId, secret is not null);
        await PublishAsync();
        return new WebhookSaveResult { Webhook = View(record), Secret = secret };
    }

    public Task<Webhook?> GetAsync(string webhookId) => Task.FromResult(Find(webhookId) is { } record ? View(record) : null);

    public Task<Webhook[]> ListAsync() => Task.FromResult(state.State.Webhooks.OrderBy(w => w.WebhookId, StringComparer.Ordinal).Select(View).ToArray());

    public async Task<bool> DeleteAsync(string webhookId)
    {
        if (Find(webhookId) is not { } record)
        {
            return false;
        }

        state.State.Webhooks.Remove(record);
        await WriteOrUndoAsync();
        LogDeleted(logger, StoreId, webhookId);
        await PublishAsync();
        return true;
    }

    public async Task<WebhookSaveResult?> RotateSecretAsync(string webhookId)
    {
        if (Find(webhookId) is not { } record)
        {
            return null;
        }

        record.Secret = WebhookSecrets.New();
        record.UpdatedAt = time.GetUtcNow();
        await WriteOrUndoAsync();
        LogRotated(logger, StoreId, webhookId);
        await PublishAsync();
        return new WebhookSaveResult { Webhook = View(record), Secret = record.Secret };
    }

    public async Task<WebhookDeliveries?> GetDeliveriesAsync(string webhookId)
    {
        if (Find(webhookId) is null)
        {
            return null;
        }

        var parts = await Task.WhenAll(Enumerable.Range(0, WebhookKeys.Partitions)
            .Select(p => GrainFactory.GetWebhookDispatcher(StoreId, p).GetDeliveriesAsync(webhookId)));
        return new WebhookDeliveries
        {
            Items = [.. parts.SelectMany(p => p.Items).OrderByDescending(d => d.At).ThenByDescending(d => d.Attempt).Take(DeliveriesShown)],
            Queued = parts.Sum(p => p.Queued),
            Dropped = parts.Sum(p => p.Dropped),
            LastDroppedAt = parts.Max(p => p.LastDroppedAt),
        };
    }

    public Task<WebhookTarget[]> GetTargetsAsync() => Task.FromResult(Targets());

    public Task<int> GetSubscribedMaskAsync() =>
        Task.FromResult(WebhookEventTypes.MaskOf(state.State.Webhooks.Where(w => w.Enabled).SelectMany(w => w.Events)));

    private WebhookTarget[] Targets() =>
    [
        .. state.State.Webhooks.Select(w => new WebhookTarget
        {
            WebhookId = w.WebhookId,
            Url = w.Url,
            Secret = w.Secret,
            EventsMask = WebhookEventTypes.MaskOf(w.Events),
            Enabled = w.Enabled,
        }),
    ];

    /// <summary>
    /// Tells the store's dispatchers the webhooks as they are now, before the change is answered,
    /// so the events that follow go by it. A dispatcher the call misses reads them again itself
    /// within a minute (see <see cref="WebhookDispatcherGrain"/>).
    /// </summary>
    private async Task PublishAsync()
    {
        var targets = Targets();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, WebhookKeys.Partitions)
                .Select(p => GrainFactory.GetWebhookDispatcher(StoreId, p).ConfigureAsync(targets)));
        }
        catch (Exception e)
        {
            LogPublishFailed(logger, e, StoreId);
        }

        (ServiceProvider.GetService(typeof(WebhookSubscriptions)) as WebhookSubscriptions)?.Forget(StoreId);
    }

    private WebhookRecord? Find(string webhookId) => state.State.Webhooks.Find(w => string.Equals(w.WebhookId, webhookId, StringComparison.Ordinal));

    private static Webhook View(WebhookRecord record) => new()
    {
        WebhookId = record.WebhookId,
        Url = record.Url,
        Events = [.. record.Events],
        Enabled = record.Enabled,
        CreatedAt = record.CreatedAt,
        UpdatedAt = record.UpdatedAt,
    };

    /// <summary>A write that did not land must not leave the activation serving its changes.</summary>
    private async Task WriteOrUndoAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {StoreId}: webhook {WebhookId} saved (created: {Created})")]
    private static partial void LogSaved(ILogger logger, string storeId, string webhookId, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {StoreId}: webhook {WebhookId} deleted")]
    private static partial void LogDeleted(ILogger logger, string storeId, string webhookId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {StoreId}: webhook {WebhookId} has a new secret")]
    private static partial void LogRotated(ILogger logger, string storeId, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: a webhook dispatcher could not be told of a change; it reads the webhooks again within a minute")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string storeId);
}
