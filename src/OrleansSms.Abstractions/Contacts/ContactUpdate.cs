using OrleansSms.Domain.Contacts;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// A validated merge into a contact (the wire form of <see cref="ContactPatch"/>): unset
/// properties stay as they are; <see cref="MobilePhone"/> null with
/// <see cref="SetsMobilePhone"/> clears it; a field mapped to null is removed.
/// <see cref="DefaultSubscription"/> is the store's default, used only when the contact is new.
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.ContactUpdate")]
public sealed record ContactUpdate
{
    [Id(0)] public bool SetsMobilePhone { get; init; }
    [Id(1)] public string? MobilePhone { get; init; }
    [Id(2)] public PhoneStatus? MobilePhoneStatus { get; init; }
    [Id(3)] public SubscriptionStatus? SmsSubscriptionStatus { get; init; }
    [Id(4)] public Dictionary<string, ContactField?> Fields { get; init; } = new(StringComparer.Ordinal);
    [Id(5)] public SubscriptionStatus DefaultSubscription { get; init; }

    // [Id(6)] is retired: never reuse it.

    public static ContactUpdate From(ContactPatch patch, SubscriptionStatus defaultSubscription)
    {
        var fields = new Dictionary<string, ContactField?>(patch.Fields.Count, StringComparer.Ordinal);
        foreach (var (name, value) in patch.Fields)
        {
            fields[name] = value is null ? null : ContactField.From(value);
        }

        return new ContactUpdate
        {
            SetsMobilePhone = patch.SetsMobilePhone,
            MobilePhone = patch.MobilePhone,
            MobilePhoneStatus = patch.MobilePhoneStatus,
            SmsSubscriptionStatus = patch.SmsSubscriptionStatus,
            Fields = fields,
            DefaultSubscription = defaultSubscription,
        };
    }
}
