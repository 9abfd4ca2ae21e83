namespace OrleansSms.Abstractions.Contacts;

/// <summary>A partition's size: ids held, ids listed, and the bytes its directory's entries take in memory.</summary>
[GenerateSerializer, Immutable, Alias("sms.ContactIndexStats")]
public sealed record ContactIndexStats([property: Id(0)] int Ids, [property: Id(1)] int Listed, [property: Id(2)] long MemoryBytes);
