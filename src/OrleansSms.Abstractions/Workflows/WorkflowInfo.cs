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

    [Id(4)] public TriggerType TriggerType { get; init; }
    [Id(5)] public string? EventType { get; init; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; init; }
}
