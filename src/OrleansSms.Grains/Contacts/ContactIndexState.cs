namespace OrleansSms.Grains.Contacts;

/// <summary>Persisted state of <see cref="ContactIndexGrain"/>.</summary>
/// <remarks>
/// The ids packed into one ASCII buffer, separated by <c>'\n'</c> (contact ids are
/// <c>A-Z a-z 0-9 _ -</c>): a partition is rewritten whole on every write, and as a set of strings
/// the serializer tracked each one as a reference — a quarter of an import's allocations.
/// </remarks>
[GenerateSerializer, Alias("sms.ContactIndexState")]
public sealed class ContactIndexState
{
    [Id(1)] public byte[] PackedIds { get; set; } = [];
}
