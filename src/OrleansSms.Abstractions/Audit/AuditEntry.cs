namespace OrleansSms.Abstractions.Audit;

/// <summary>One entry of a store's audit trail: who (the key's name) did what to what, and when.</summary>
[GenerateSerializer, Immutable, Alias("sms.AuditEntry")]
public sealed record AuditEntry
{
    /// <summary>The entry's place in its store's trail: 1, 2, 3, … in the order entries were recorded.</summary>
    [Id(0)] public long Sequence { get; init; }
    [Id(1)] public DateTimeOffset At { get; init; }
    [Id(2)] public required string Key { get; init; }
    [Id(3)] public AuditAction Action { get; init; }
    [Id(4)] public required string Target { get; init; }
    [Id(5)] public string[]? Changed { get; init; }
    [Id(6)] public int? Version { get; init; }
    [Id(7)] public AuditCounts? Counts { get; init; }
}

/// <summary>A page of a trail, newest first; <see cref="NextBefore"/> continues it (null: the trail ends here).</summary>
[GenerateSerializer, Immutable, Alias("sms.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] AuditEntry[] Items,
    [property: Id(1)] long? NextBefore);
