namespace OrleansSms.Abstractions.Workflows;

/// <summary>One step of a run's path.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunStepView")]
public sealed record RunStep(
    [property: Id(0)] string NodeId,
    [property: Id(1)] NodeType NodeType,
    [property: Id(2)] StepOutcome Outcome,
    [property: Id(3)] string? Detail,
    [property: Id(4)] DateTimeOffset At);
