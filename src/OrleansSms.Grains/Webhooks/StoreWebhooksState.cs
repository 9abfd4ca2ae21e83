using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Grains.Webhooks;

/// <summary>Persisted state of <see cref="StoreWebhooksGrain"/>.</summary>
[GenerateSerializer, Alias("sms.StoreWebhooksState")]
public sealed class StoreWebhooksState
{
    /// <summary>By id, in the order they were created.</summary>
    [Id(0)] public List<WebhookRecord> Webhooks { get; set; } = [];
}

/// <summary>One webhook as stored, its secret included.</summary>
[GenerateSerializer, Alias("sms.WebhookRecord")]
public sealed class WebhookRecord
{
    [Id(0)] public string WebhookId { get; set; } = "";
    [Id(1)] public string Url { get; set; } = "";
    [Id(2)] public List<WebhookEventType> Events { get; set; } = [];
    [Id(3)] public bool Enabled { get; set; }
    [Id(4)] public string Secret { get; set; } = "";
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }

    public override string ToString() => $"WebhookRecord {WebhookId}";
}
