namespace OrleansSms.Abstractions.Workflows;

/// <summary>How a one-contact run starts: which workflow version, which contact, the event's properties.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunStart")]
public sealed record RunStart
{
    [Id(0)] public required string WorkflowId { get; init; }
    [Id(1)] public int Version { get; init; }
    [Id(2)] public required string ContactId { get; init; }
    [Id(3)] public Dictionary<string, string> EventProperties { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The node to start at; null for the workflow's start (a newsletter hands a contact over at a Wait).</summary>
    [Id(4)] public string? StartNodeId { get; init; }

    /// <summary>The newsletter run a handed-over contact belongs to (its sends keep that run's idempotency keys).</summary>
    [Id(5)] public string? ParentRunId { get; init; }
}
