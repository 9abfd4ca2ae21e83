namespace OrleansSms.Grains.Workflows;

/// <summary>Persisted state of <see cref="WorkflowGrain"/>: every version, so a run keeps the one it started with.</summary>
[GenerateSerializer, Alias("sms.WorkflowState")]
public sealed class WorkflowState
{
    [Id(0)] public List<string> Versions { get; set; } = [];
    [Id(1)] public bool Active { get; set; }
    [Id(2)] public string TriggerType { get; set; } = "";
    [Id(3)] public string? EventType { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
}
