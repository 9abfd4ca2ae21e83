using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Alerts;

/// <summary>Persisted state of <see cref="StoreAlertsGrain"/>.</summary>
[GenerateSerializer, Alias("sms.StoreAlertsState")]
public sealed class StoreAlertsState
{
    /// <summary>Stored through <see cref="Messaging.MessageLogSurrogate"/>.</summary>
    [Id(0)] public MessageLog Messages { get; set; } = new();
}
