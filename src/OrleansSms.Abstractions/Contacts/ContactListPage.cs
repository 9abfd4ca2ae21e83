namespace OrleansSms.Abstractions.Contacts;

/// <summary>A page of contacts in id order, and the last id to ask the next page after (null: the list is over).</summary>
[GenerateSerializer, Immutable, Alias("sms.ContactListPage")]
public sealed record ContactListPage([property: Id(0)] ContactSnapshot[] Items, [property: Id(1)] string? NextAfter);
