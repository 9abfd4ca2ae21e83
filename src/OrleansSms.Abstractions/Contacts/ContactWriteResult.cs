namespace OrleansSms.Abstractions.Contacts;

/// <summary>The answer to a contact write: the contact as stored, and whether the write created it.</summary>
[GenerateSerializer, Immutable, Alias("sms.ContactWriteResult")]
public sealed record ContactWriteResult([property: Id(0)] bool Created, [property: Id(1)] ContactSnapshot Contact);
