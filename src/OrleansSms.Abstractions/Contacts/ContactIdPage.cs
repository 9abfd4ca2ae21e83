using OrleansSms.Domain.Contacts;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>A partition's page of matching ids after a cursor, in order, and whether more match after them.</summary>
[GenerateSerializer, Immutable, Alias("sms.ContactIdPage")]
public sealed record ContactIdPage([property: Id(0)] string[] ContactIds, [property: Id(1)] bool More)
{
    public static ContactIdPage From(DirectoryPage page) => new(page.ContactIds, page.More);

    public DirectoryPage ToDomain() => new(ContactIds, More);
}
