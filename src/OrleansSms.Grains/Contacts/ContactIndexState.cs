namespace OrleansSms.Grains.Contacts;

/// <summary>Persisted state of <see cref="ContactIndexGrain"/>.</summary>
/// <remarks>
/// The partition's directory packed into one buffer (<see cref="Domain.Contacts.ContactDirectory.Pack"/>):
/// a partition is rewritten whole on every write, and as objects per contact the serializer
/// tracked each one as a reference — a quarter of an import's allocations when only ids were kept.
/// </remarks>
[GenerateSerializer, Alias("sms.ContactIndexState")]
public sealed class ContactIndexState
{
    /// <summary>
    /// A partition stored before the directory: its ids in one ASCII buffer, separated by
    /// <c>'\n'</c>. Read once, as ids not listed yet (a rebuild lists them); written empty.
    /// </summary>
    [Id(1)] public byte[] PackedIds { get; set; } = [];

    /// <summary>The directory's entries, sorted by id (<see cref="Domain.Contacts.ContactDirectory.Unpack"/>).</summary>
    [Id(2)] public byte[] Directory { get; set; } = [];

    /// <summary>Every custom field (<c>name:type</c>) the partition's contacts have had: an export's columns.</summary>
    [Id(3)] public string[] FieldColumns { get; set; } = [];
}
