using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <summary>Persisted state of <see cref="WorkflowRunsGrain"/>: the runs listed, newest first.</summary>
[GenerateSerializer, Alias("sms.WorkflowRunsState")]
public sealed class WorkflowRunsState
{
    [Id(0)] public List<RunEntry> Runs { get; set; } = [];
}
