using OrleansSms.Grains.Messaging;

namespace OrleansSms.Grains.Alerts;

/// <summary>Persisted state of <see cref="StoreAlertsGrain"/>.</summary>
[GenerateSerializer, Alias("sms.StoreAlertsState")]
public sealed class StoreAlertsState
{
    [Id(0)] public MessageLogState Messages { get; set; } = new();
}
