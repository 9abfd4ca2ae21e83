namespace OrleansSms.Domain.Contacts;

/// <summary>
/// A validated change to a contact. Merge semantics: a property left unset leaves the stored
/// value as it is; <see cref="MobilePhone"/> set to null clears the phone; a field mapped to
/// null is removed.
/// </summary>
public sealed record ContactPatch
{
    /// <summary>True when the patch sets or clears <c>_mobilePhone</c>.</summary>
    public bool SetsMobilePhone { get; init; }

    /// <summary>The phone in E.164, or null to clear (only read when <see cref="SetsMobilePhone"/>).</summary>
    public string? MobilePhone { get; init; }

    public PhoneStatus? MobilePhoneStatus { get; init; }

    public SubscriptionStatus? SmsSubscriptionStatus { get; init; }

    /// <summary>Custom fields to set; a null value removes the field.</summary>
    public IReadOnlyDictionary<string, CustomField?> Fields { get; init; } = EmptyFields;

    public static readonly IReadOnlyDictionary<string, CustomField?> EmptyFields =
        new Dictionary<string, CustomField?>(StringComparer.Ordinal);
}
