using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Abstractions.Webhooks;

/// <summary>A webhook's settings as a save gives them: null keeps what the webhook has (a new one needs <see cref="Url"/> and <see cref="Events"/>).</summary>
[GenerateSerializer, Immutable, Alias("sms.WebhookSettings")]
public sealed record WebhookSettings
{
    /// <summary>Checked (<see cref="WebhookUrls"/>) before it gets here.</summary>
    [Id(0)] public string? Url { get; init; }

    /// <summary>At least one, no repeats.</summary>
    [Id(1)] public WebhookEventType[]? Events { get; init; }

    [Id(2)] public bool? Enabled { get; init; }
}
