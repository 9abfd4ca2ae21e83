using OrleansSms.Domain.Contacts;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// What a contact tells its index partition's directory about itself: what a list searches and
/// filters by, and which custom fields (name and type) it has, for an export's header.
/// <see cref="Revision"/> counts the contact's changes of these (see <see cref="ContactDirectory.Upsert"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.ContactDirectoryEntry")]
public sealed record ContactDirectoryEntry
{
    /// <summary>The custom field searched as an email.</summary>
    public const string EmailField = ContactCsvReader.EmailField;

    [Id(0)] public required string ContactId { get; init; }
    [Id(1)] public string? MobilePhone { get; init; }

    /// <summary>The custom field <c>email</c>'s value, as stored (the directory folds its case).</summary>
    [Id(2)] public string? Email { get; init; }
    [Id(3)] public PhoneStatus PhoneStatus { get; init; }
    [Id(4)] public SubscriptionStatus Subscription { get; init; }
    [Id(5)] public uint Revision { get; init; }

    /// <summary>The names of the contact's custom fields, sorted (ordinal); <see cref="FieldTypes"/> holds their types.</summary>
    [Id(6)] public string[] FieldNames { get; init; } = [];
    [Id(7)] public FieldType[] FieldTypes { get; init; } = [];

    public static ContactDirectoryEntry Of(string contactId, string? mobilePhone, PhoneStatus phoneStatus, SubscriptionStatus subscription,
        IReadOnlyDictionary<string, ContactField> fields, uint revision)
    {
        var names = new string[fields.Count];
        var types = new FieldType[fields.Count];
        var i = 0;
        foreach (var (name, field) in fields)
        {
            names[i] = name;
            types[i++] = field.Type;
        }

        Array.Sort(names, types, StringComparer.Ordinal);
        return new ContactDirectoryEntry
        {
            ContactId = contactId,
            MobilePhone = mobilePhone,
            Email = fields.TryGetValue(EmailField, out var email) ? email.Value : null,
            PhoneStatus = phoneStatus,
            Subscription = subscription,
            Revision = revision,
            FieldNames = names,
            FieldTypes = types,
        };
    }

    /// <summary>Whether a contact with these values would tell the directory nothing new (the revision aside); allocates nothing.</summary>
    public bool Describes(string? mobilePhone, PhoneStatus phoneStatus, SubscriptionStatus subscription, IReadOnlyDictionary<string, ContactField> fields)
    {
        if (PhoneStatus != phoneStatus || Subscription != subscription || fields.Count != FieldNames.Length ||
            !string.Equals(MobilePhone, mobilePhone, StringComparison.Ordinal) ||
            !string.Equals(Email, fields.TryGetValue(EmailField, out var email) ? email.Value : null, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var (name, field) in fields)
        {
            var at = Array.BinarySearch(FieldNames, name, StringComparer.Ordinal);
            if (at < 0 || FieldTypes[at] != field.Type)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The entry in the directory's compact terms.</summary>
    public DirectoryRecord ToRecord() =>
        new(ContactId, DirectoryKeys.Phone(MobilePhone), DirectoryKeys.Email(Email), PhoneStatus, Subscription, Revision);
}
