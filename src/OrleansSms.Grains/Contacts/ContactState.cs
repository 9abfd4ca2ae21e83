using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Contacts;

/// <summary>Persisted state of <see cref="ContactGrain"/>.</summary>
/// <remarks>
/// Members at their default are not written (a missing member reads as its default): a contact
/// without soft bounces is stored exactly as before <see cref="SoftBounces"/> existed.
/// </remarks>
[GenerateSerializer, OmitDefaultMemberValues, Alias("sms.ContactState")]
public sealed class ContactState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string? MobilePhone { get; set; }
    [Id(2)] public PhoneStatus MobilePhoneStatus { get; set; }
    [Id(3)] public SubscriptionStatus SmsSubscriptionStatus { get; set; }
    [Id(4)] public Dictionary<string, ContactField> Fields { get; set; } = new(StringComparer.Ordinal);
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The contact's recent SMS, bounded (see <see cref="ContactGrain.HistoryCapacity"/>); stored through <see cref="Sending.MessageLogSurrogate"/>.</summary>
    [Id(7)] public MessageLog Messages { get; set; } = new();

    /// <summary>Soft bounces in a row since the last delivery to the current number (see <see cref="PhoneBounces"/>).</summary>
    [Id(8)] public int SoftBounces { get; set; }

    /// <summary>The contact's recent replies (see <see cref="InboundLog"/>); null until the first, so a contact that never replied is stored without it.</summary>
    [Id(9)] public InboundLog? Inbound { get; set; }

    /// <summary>Webhook events not yet taken by the store's dispatcher (see <see cref="Webhooks.ContactEventOutbox"/>), oldest first; null when none.</summary>
    [Id(12)] public List<Abstractions.Webhooks.WebhookEvent>? WebhookOutbox { get; set; }

    /// <summary>
    /// Counts the changes of what the contact directory holds of this contact (phone, email,
    /// statuses, which fields it has): the entry's revision (see <see cref="ContactIndexGrain"/>).
    /// 0 for a contact stored before the directory.
    /// </summary>
    [Id(10)] public uint DirectoryRevision { get; set; }

    /// <summary>
    /// This state's entry may not be in the directory yet: written with every change of the entry,
    /// cleared by the first write after the directory took it. The next API write or import of
    /// the contact sends the entry again.
    /// </summary>
    [Id(11)] public bool DirectoryPending { get; set; }

    /// <summary>
    /// Merges a write into the contact: a new one starts with an active phone and the store's
    /// default subscription; then the update's values (unset = unchanged, null = cleared).
    /// The one merge of every path that writes contacts (the grain, and an import creating them).
    /// </summary>
    /// <returns>Whether this write created the contact.</returns>
    internal bool Apply(ContactUpdate update, DateTimeOffset now)
    {
        var created = !Exists;
        if (created)
        {
            Exists = true;
            MobilePhoneStatus = PhoneStatus.Active;
            SmsSubscriptionStatus = update.DefaultSubscription;
            CreatedAt = now;
        }

        if (update.SetsMobilePhone)
        {
            if (!string.Equals(MobilePhone, update.MobilePhone, StringComparison.Ordinal))
            {
                // Another number: the old one's bounces say nothing of it.
                SoftBounces = 0;
            }

            MobilePhone = update.MobilePhone;
        }

        if (update.MobilePhoneStatus is { } phoneStatus)
        {
            if (phoneStatus == PhoneStatus.Active && MobilePhoneStatus == PhoneStatus.Bounced)
            {
                // Set active again by hand: its count starts again.
                SoftBounces = 0;
            }

            MobilePhoneStatus = phoneStatus;
        }

        if (update.SmsSubscriptionStatus is { } subscription)
        {
            SmsSubscriptionStatus = subscription;
        }

        foreach (var (name, value) in update.Fields)
        {
            if (value is null)
            {
                Fields.Remove(name);
            }
            else
            {
                Fields[name] = value;
            }
        }

        UpdatedAt = now;
        return created;
    }

    /// <summary>The contact as the API and workflows read it.</summary>
    internal ContactSnapshot ToSnapshot(string contactId) => new()
    {
        ContactId = contactId,
        MobilePhone = MobilePhone,
        MobilePhoneStatus = MobilePhoneStatus,
        SmsSubscriptionStatus = SmsSubscriptionStatus,
        Fields = new Dictionary<string, ContactField>(Fields, StringComparer.Ordinal),
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        SoftBounces = SoftBounces,
    };

    /// <summary>What the contact directory holds of this contact, at <see cref="DirectoryRevision"/>.</summary>
    internal ContactDirectoryEntry ToDirectoryEntry(string contactId) =>
        ContactDirectoryEntry.Of(contactId, MobilePhone, MobilePhoneStatus, SmsSubscriptionStatus, Fields, DirectoryRevision);

    /// <summary>Whether <paramref name="entry"/> still says what the directory should hold of this contact (its revision aside).</summary>
    internal bool IsDescribedBy(ContactDirectoryEntry entry) => entry.Describes(MobilePhone, MobilePhoneStatus, SmsSubscriptionStatus, Fields);
}
