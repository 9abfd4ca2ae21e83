using OrleansSms.Domain.Contacts;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>A <see cref="DirectoryFilter"/> on the wire: what a partition's directory matches.</summary>
[GenerateSerializer, Immutable, Alias("sms.ContactDirectoryFilter")]
public sealed record ContactDirectoryFilter(
    [property: Id(0)] bool Search,
    [property: Id(1)] string? IdPrefix,
    [property: Id(2)] ulong Phone,
    [property: Id(3)] ulong Email,
    [property: Id(4)] PhoneStatus? PhoneStatus,
    [property: Id(5)] SubscriptionStatus? Subscription)
{
    public static ContactDirectoryFilter All { get; } = From(ContactQuery.All);

    public static ContactDirectoryFilter From(ContactQuery query)
    {
        var filter = query.ToFilter();
        return new(filter.Search, filter.IdPrefix, filter.Phone, filter.Email, filter.PhoneStatus, filter.Subscription);
    }

    public DirectoryFilter ToDomain() => new(Search, IdPrefix, Phone, Email, PhoneStatus, Subscription);
}
