using OrleansSms.Domain.Contacts;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>What a contact grain holds, as the API and workflows read it.</summary>
[GenerateSerializer, Immutable, Alias("sms.ContactSnapshot")]
public sealed record ContactSnapshot
{
    [Id(0)] public required string ContactId { get; init; }
    [Id(1)] public string? MobilePhone { get; init; }
    [Id(2)] public PhoneStatus MobilePhoneStatus { get; init; }
    [Id(3)] public SubscriptionStatus SmsSubscriptionStatus { get; init; }
    [Id(4)] public Dictionary<string, ContactField> Fields { get; init; } = new(StringComparer.Ordinal);
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Soft bounces (expired, error, …) in a row since the last delivery to the current number.</summary>
    [Id(7)] public int SoftBounces { get; init; }
}
