namespace OrleansSms.Abstractions.Workflows;

/// <summary>A run an event started: GET …/workflows/{workflowId}/runs/{runId} follows it.</summary>
[GenerateSerializer, Immutable, Alias("sms.EventRun")]
public sealed record EventRun([property: Id(0)] string WorkflowId, [property: Id(1)] string RunId);
