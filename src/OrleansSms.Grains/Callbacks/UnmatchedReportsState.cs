using OrleansSms.Abstractions.Callbacks;

namespace OrleansSms.Grains.Callbacks;

/// <summary>Persisted state of <see cref="UnmatchedReportsGrain"/>: oldest first.</summary>
[GenerateSerializer, Alias("sms.UnmatchedReportsState")]
public sealed class UnmatchedReportsState
{
    [Id(0)] public List<UnmatchedReport> Reports { get; set; } = [];
}
