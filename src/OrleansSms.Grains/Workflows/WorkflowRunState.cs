using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <summary>Persisted state of <see cref="WorkflowRunGrain"/>.</summary>
[GenerateSerializer, Alias("sms.WorkflowRunState")]
public sealed class WorkflowRunState
{
    [Id(0)] public RunStart? Start { get; set; }

    /// <summary>The node to execute next; null once the run is over.</summary>
    [Id(1)] public string? CurrentNode { get; set; }
    /// <summary>The status by its wire name (<see cref="RunRecords"/>): stored records read whatever the enum becomes.</summary>
    [Id(2)] public string Status { get; set; } = "";
    [Id(3)] public List<RunStepRecord> Path { get; set; } = [];
    [Id(4)] public DateTimeOffset StartedAt { get; set; }
    [Id(5)] public DateTimeOffset? WaitingUntil { get; set; }
    [Id(6)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The store's run ledger holds this run (else a reminder of its own does, or it is over).</summary>
    [Id(7)] public bool InLedger { get; set; }

    /// <summary>Steps dropped from the front of <see cref="Path"/> (it keeps the newest); the run has taken <c>Dropped + Path.Count</c>.</summary>
    [Id(8)] public int Dropped { get; set; }

    [Id(9)] public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>The steps the run has taken, those dropped from the path included: the next step's number.</summary>
    public int Steps => Dropped + Path.Count;

    /// <summary>Records a step, dropping the oldest beyond <paramref name="keep"/>.</summary>
    public void AddStep(RunStepRecord step, int keep)
    {
        Path.Add(step);
        if (Path.Count > keep)
        {
            var over = Path.Count - keep;
            Path.RemoveRange(0, over);
            Dropped += over;
        }
    }
}

/// <summary>A stored step of a run's path, its vocabulary by wire name (<see cref="RunRecords"/>).</summary>
[GenerateSerializer, Alias("sms.RunStep")]
public sealed record RunStepRecord(
    [property: Id(0)] string NodeId,
    [property: Id(1)] string NodeType,
    [property: Id(2)] string Outcome,
    [property: Id(3)] string? Detail,
    [property: Id(4)] DateTimeOffset At);

/// <summary>
/// The run's vocabulary between its enums and the names stored records hold (the camelCase
/// wire names, and "-" for a step at no node, as records have always been written).
/// </summary>
internal static class RunRecords
{
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static TEnum Parse<TEnum>(string name, TEnum unknown) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(name, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : unknown;

    public static RunStepRecord Record(string nodeId, NodeType nodeType, StepOutcome outcome, string? detail, DateTimeOffset at) =>
        new(nodeId, nodeType == NodeType.None ? "-" : Name(nodeType), Name(outcome), detail, at);

    public static RunStep View(RunStepRecord record) =>
        new(record.NodeId, Parse(record.NodeType, NodeType.None), Parse(record.Outcome, StepOutcome.Failed), record.Detail, record.At);
}
