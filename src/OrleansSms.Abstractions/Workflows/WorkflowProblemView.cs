namespace OrleansSms.Abstractions.Workflows;

/// <summary>One problem of a definition, under the JSON path it concerns (<c>nodes[2].senderName</c>).</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowProblemView")]
public sealed record WorkflowProblemView([property: Id(0)] string Path, [property: Id(1)] string Message);
