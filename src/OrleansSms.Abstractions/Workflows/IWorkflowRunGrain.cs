using Orleans.Concurrency;

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

/// <summary>One step of a run's path.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunStepView")]
public sealed record RunStep(
    [property: Id(0)] string NodeId,
    [property: Id(1)] NodeType NodeType,
    [property: Id(2)] StepOutcome Outcome,
    [property: Id(3)] string? Detail,
    [property: Id(4)] DateTimeOffset At);

/// <summary>A one-contact run as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunView")]
public sealed record RunView
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public required string WorkflowId { get; init; }
    [Id(2)] public int Version { get; init; }
    [Id(3)] public required string ContactId { get; init; }

    [Id(4)] public RunStatus Status { get; init; }
    [Id(5)] public RunStep[] Path { get; init; } = [];
    [Id(6)] public DateTimeOffset StartedAt { get; init; }
    [Id(7)] public DateTimeOffset? WaitingUntil { get; init; }
    [Id(8)] public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>
/// One contact's way through one workflow (key: <c>{storeId}/{workflowId}/{runId}</c>). Durable:
/// Wait nodes are reminders, and a run interrupted by a crash resumes where it stood.
/// </summary>
public interface IWorkflowRunGrain : IGrainWithStringKey
{
    /// <summary>Records the run and starts it; answers once it is durably recorded. A second start is ignored.</summary>
    Task StartAsync(RunStart start);

    [ReadOnly]
    Task<RunView?> GetAsync();

    /// <summary>Goes on from where the run stands (the grain sends this to itself after a start).</summary>
    [OneWay]
    Task ContinueAsync();

    /// <summary>
    /// The run ledger's call for a run it holds that has not finished in time (its silo may have
    /// died): takes the start when the run has no record of its own, goes on, and answers whether
    /// the ledger must keep holding it (false once the run is over or keeps its own reminder).
    /// </summary>
    Task<bool> ResumeAsync(RunStart start, DateTimeOffset startedAt);
}
