using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <summary>Persisted state of <see cref="WorkflowRunGrain"/>.</summary>
[GenerateSerializer, Alias("sms.WorkflowRunState")]
public sealed class WorkflowRunState
{
    [Id(0)] public RunStart? Start { get; set; }

    /// <summary>The node to execute next; null once the run is over.</summary>
    [Id(1)] public string? CurrentNode { get; set; }
    [Id(2)] public string Status { get; set; } = "";
    [Id(3)] public List<RunStep> Path { get; set; } = [];
    [Id(4)] public DateTimeOffset StartedAt { get; set; }
    [Id(5)] public DateTimeOffset? WaitingUntil { get; set; }
    [Id(6)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The store's run ledger holds this run (else a reminder of its own does, or it is over).</summary>
    [Id(7)] public bool InLedger { get; set; }
}
