using OrleansSms.Domain.Contacts;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// A page of a store's contact list: the search as typed (read with the store's default country,
/// see <see cref="ContactQuery.Parse"/>), the filters, the page size, and the last id of the
/// page before (null: the first page).
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.ContactListQuery")]
public sealed record ContactListQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    [Id(0)] public string? Search { get; init; }
    [Id(1)] public PhoneStatus? PhoneStatus { get; init; }
    [Id(2)] public SubscriptionStatus? Subscription { get; init; }
    [Id(3)] public int Limit { get; init; } = DefaultLimit;
    [Id(4)] public string? After { get; init; }
}
