using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>A saved workflow: its current version, whether it is active, and how it is triggered.</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowInfo")]
public sealed record WorkflowInfo
{
    [Id(0)] public required string WorkflowId { get; init; }
    [Id(1)] public int Version { get; init; }
    [Id(2)] public bool Active { get; init; }

    /// <summary>The definition as the store sent it (validated); runs parse the version they started with.</summary>
    [Id(3)] public required string DefinitionJson { get; init; }

    /// <summary><c>event</c>, <c>newsletter</c> or <c>manual</c>.</summary>
    [Id(4)] public required string TriggerType { get; init; }
    [Id(5)] public string? EventType { get; init; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One workflow of one store (key: <c>{storeId}/{workflowId}</c>), versioned on every save.</summary>
public interface IWorkflowGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<WorkflowInfo?> GetAsync();

    /// <summary>Saves a validated definition as the next version; an active workflow stays active on the new version.</summary>
    Task<WorkflowInfo> SaveAsync(string definitionJson, string triggerType, string? eventType);

    /// <summary>The definition of <paramref name="version"/>, kept for the runs that started on it.</summary>
    [ReadOnly]
    Task<string?> GetVersionAsync(int version);

    /// <summary>Activates or deactivates; null when the workflow was never saved.</summary>
    Task<WorkflowInfo?> SetActiveAsync(bool active);
}

/// <summary>An active event workflow, as the storefront event endpoint needs it.</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowListener")]
public sealed record WorkflowListener([property: Id(0)] string WorkflowId, [property: Id(1)] int Version);

/// <summary>Which active workflows listen to which storefront event type (key: storeId).</summary>
public interface IStoreWorkflowsGrain : IGrainWithStringKey
{
    /// <summary>Records a workflow's listening state; <paramref name="eventType"/> null or inactive removes it.</summary>
    Task SetListenerAsync(string workflowId, string? eventType, int version, bool active);

    [ReadOnly]
    Task<WorkflowListener[]> GetListenersAsync(string eventType);
}

public static class WorkflowKeys
{
    public static IWorkflowGrain GetWorkflow(this IGrainFactory grains, string storeId, string workflowId) =>
        grains.GetGrain<IWorkflowGrain>(string.Concat(storeId, "/", workflowId));
}
