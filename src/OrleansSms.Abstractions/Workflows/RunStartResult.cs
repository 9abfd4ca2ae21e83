namespace OrleansSms.Abstractions.Workflows;

/// <summary>A run start: its id, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunStartResult")]
public sealed record RunStartResult
{
    [Id(0)] public string? RunId { get; init; }
    [Id(1)] public RunStartRefusal Refusal { get; init; }
    [Id(2)] public TriggerType TriggerType { get; init; }
}
