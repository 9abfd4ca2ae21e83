using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <summary>Persisted state of <see cref="RunLedgerGrain"/>: the runs in flight, by run grain key.</summary>
[GenerateSerializer, Alias("sms.RunLedgerState")]
public sealed class RunLedgerState
{
    [Id(0)] public Dictionary<string, RunLedgerEntry> Runs { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>What the ledger needs to start a run again: its start and when it was recorded.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunLedgerEntry")]
public sealed record RunLedgerEntry(
    [property: Id(0)] RunStart Start,
    [property: Id(1)] DateTimeOffset StartedAt);
