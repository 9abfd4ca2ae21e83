namespace OrleansSms.Abstractions.Workflows;

/// <summary>A save: the new version, or every problem of the definition (and nothing saved).</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowSaveResult")]
public sealed record WorkflowSaveResult
{
    [Id(0)] public WorkflowInfo? Saved { get; init; }
    [Id(1)] public WorkflowProblemView[] Problems { get; init; } = [];
}
