namespace OrleansSms.Grains.Workflows;

/// <summary>Persisted state of <see cref="StoreWorkflowsGrain"/>: event type → workflow id → version.</summary>
[GenerateSerializer, Alias("sms.StoreWorkflowsState")]
public sealed class StoreWorkflowsState
{
    [Id(0)] public Dictionary<string, Dictionary<string, int>> Listeners { get; set; } = new(StringComparer.Ordinal);
}
