namespace OrleansSms.Grains.Channel;

/// <summary>Persisted state of <see cref="StoreDirectoryGrain"/>.</summary>
[GenerateSerializer, Alias("sms.StoreDirectoryState")]
public sealed class StoreDirectoryState
{
    [Id(0)] public HashSet<string> StoreIds { get; set; } = new(StringComparer.Ordinal);
}
