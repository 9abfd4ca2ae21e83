namespace OrleansSms.Grains.Workflows;

/// <summary>Persisted state of <see cref="StoreWorkflowsGrain"/>.</summary>
[GenerateSerializer, Alias("sms.StoreWorkflowsState")]
public sealed class StoreWorkflowsState
{
    /// <summary>Event type → workflow id → version: the active event workflows.</summary>
    [Id(0)] public Dictionary<string, Dictionary<string, int>> Listeners { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Workflow id → what its current version names: the active workflows of every trigger, as
    /// they published themselves (a workflow activated before this was recorded is here after its
    /// next save or activation).
    /// </summary>
    [Id(1)] public Dictionary<string, ActiveWorkflow> Active { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>An active workflow as the store's registry keeps it: its current version and the SMS contents that version names.</summary>
[GenerateSerializer, Immutable, Alias("sms.ActiveWorkflow")]
public sealed record ActiveWorkflow([property: Id(0)] int Version, [property: Id(1)] string[] SmsIds);
