namespace OrleansSms.Abstractions.Workflows;

/// <summary>A workflow as a list shows it: its current version, trigger and state, without the definition.</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowSummary")]
public sealed record WorkflowSummary
{
    [Id(0)] public required string WorkflowId { get; init; }

    /// <summary>The current version's <c>name</c>.</summary>
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public int Version { get; init; }
    [Id(3)] public bool Active { get; init; }
    [Id(4)] public TriggerType TriggerType { get; init; }
    [Id(5)] public string? EventType { get; init; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A page of workflows in id order; <see cref="NextAfter"/> continues it (null: the list ends here).</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowPage")]
public sealed record WorkflowPage(
    [property: Id(0)] WorkflowSummary[] Items,
    [property: Id(1)] string? NextAfter);
