namespace OrleansSms.Abstractions.Audit;

/// <summary>
/// What a caller asks the audit trail to record. Never a secret's value: a channel change names
/// the settings that changed (<c>apiToken</c> among them), not what they became.
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.AuditRecord")]
public sealed record AuditRecord
{
    [Id(0)] public required AuditAction Action { get; init; }

    /// <summary>What was acted on, as a path under the store: <c>sms-channel</c>, <c>sms/{smsId}</c>, … (see <see cref="AuditTargets"/>).</summary>
    [Id(1)] public required string Target { get; init; }

    /// <summary>The API key's name; null: the name the call carries (<see cref="AuditActor"/>), else <see cref="AuditActor.System"/>.</summary>
    [Id(2)] public string? Key { get; init; }

    /// <summary>The settings a channel save set or changed, by their API names.</summary>
    [Id(3)] public string[]? Changed { get; init; }

    /// <summary>The workflow version a save made.</summary>
    [Id(4)] public int? Version { get; init; }

    /// <summary>An import's counts.</summary>
    [Id(5)] public AuditCounts? Counts { get; init; }
}

/// <summary>What an import did: contacts created, updated, and lines rejected.</summary>
[GenerateSerializer, Immutable, Alias("sms.AuditCounts")]
public sealed record AuditCounts(
    [property: Id(0)] int Created,
    [property: Id(1)] int Updated,
    [property: Id(2)] int Rejected);
