namespace OrleansSms.Abstractions.Workflows;

/// <summary>An active event workflow and the version its new runs start on.</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowListener")]
public sealed record WorkflowListener([property: Id(0)] string WorkflowId, [property: Id(1)] int Version);
