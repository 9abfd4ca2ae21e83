namespace OrleansSms.Abstractions.Workflows;

/// <summary>The answer to activating or deactivating a workflow.</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowActivation")]
public sealed record WorkflowActivation
{
    /// <summary>The workflow as it stands after; null when there is no such workflow.</summary>
    [Id(0)] public WorkflowInfo? Workflow { get; init; }

    /// <summary>
    /// Not activated: the SMS contents its current version names that no longer exist (deleted
    /// since the version was saved). Empty when the change was made.
    /// </summary>
    [Id(1)] public string[] MissingContents { get; init; } = [];
}
