using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Grains.Messaging;

namespace OrleansSms.Grains.Contacts;

/// <summary>Persisted state of <see cref="ContactGrain"/>.</summary>
[GenerateSerializer, Alias("sms.ContactState")]
public sealed class ContactState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string? MobilePhone { get; set; }
    [Id(2)] public PhoneStatus MobilePhoneStatus { get; set; }
    [Id(3)] public SubscriptionStatus SmsSubscriptionStatus { get; set; }
    [Id(4)] public Dictionary<string, ContactField> Fields { get; set; } = new(StringComparer.Ordinal);
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The contact's recent SMS, bounded (see <see cref="ContactGrain.HistoryCapacity"/>).</summary>
    [Id(7)] public MessageLogState Messages { get; set; } = new();
}
