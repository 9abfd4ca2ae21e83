namespace OrleansSms.Abstractions.Workflows;

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

    /// <summary>The steps the run has taken; <see cref="Path"/> holds the newest of them (a bounded number).</summary>
    [Id(9)] public int Steps { get; init; }

    [Id(10)] public DateTimeOffset? CancelledAt { get; init; }
}
