using OrleansSms.Abstractions.Audit;

namespace OrleansSms.Grains.Audit;

/// <summary>Persisted state of <see cref="StoreAuditGrain"/>: the entries kept, oldest first.</summary>
[GenerateSerializer, Alias("sms.StoreAuditState")]
public sealed class StoreAuditState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];

    /// <summary>The sequence number of the latest entry ever recorded (kept when old entries go).</summary>
    [Id(1)] public long LastSequence { get; set; }
}
