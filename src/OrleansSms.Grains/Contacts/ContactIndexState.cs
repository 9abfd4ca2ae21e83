namespace OrleansSms.Grains.Contacts;

/// <summary>Persisted state of <see cref="ContactIndexGrain"/>.</summary>
[GenerateSerializer, Alias("sms.ContactIndexState")]
public sealed class ContactIndexState
{
    [Id(0)] public HashSet<string> ContactIds { get; set; } = new(StringComparer.Ordinal);
}
