namespace OrleansSms.Domain.Contacts;

/// <summary>
/// What a contact list asks for: a search (an id prefix, a phone, an email: any of them matches)
/// and filters by phone status and subscription (all must match).
/// <list type="bullet">
/// <item>The search is read three ways at once: as the start of a contact id (when it is made of id
/// characters), as a phone number in any input form (normalised with the store's default country
/// the way a contact write normalises it, so <c>600 11 12 22</c>, <c>+34600111222</c> and
/// <c>0034 600 111 222</c> are one number), and, when it holds an <c>@</c>, as the custom field
/// <c>email</c> compared in any case. A search none of the three readings fits matches nothing.</item>
/// <item>No search (null or blank) matches every contact the filters let through.</item>
/// </list>
/// </summary>
public sealed record ContactQuery
{
    /// <summary>The longest search taken (a phone, an email or an id are all far shorter).</summary>
    public const int MaxSearchLength = 256;

    /// <summary>A search was given (blank is none): with no reading of it, nothing matches.</summary>
    public bool Search { get; init; }

    /// <summary>The search as the start of a contact id.</summary>
    public string? IdPrefix { get; init; }

    /// <summary>The search as a phone number, in E.164.</summary>
    public string? Phone { get; init; }

    /// <summary>The search as an email (trimmed, lower-case).</summary>
    public string? Email { get; init; }

    public PhoneStatus? PhoneStatus { get; init; }

    public SubscriptionStatus? Subscription { get; init; }

    public static ContactQuery All { get; } = new();

    /// <summary>Reads <paramref name="search"/> every way it can be read (see the type's remarks).</summary>
    public static ContactQuery Parse(string? search, string? defaultCountry, PhoneStatus? phoneStatus = null, SubscriptionStatus? subscription = null)
    {
        var text = search?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new ContactQuery { PhoneStatus = phoneStatus, Subscription = subscription };
        }

        return new ContactQuery
        {
            Search = true,
            IdPrefix = ContactIds.IsValid(text) ? text : null,
            Phone = Phones.PhoneNumbers.Normalize(text, defaultCountry).E164,
            Email = text.Contains('@', StringComparison.Ordinal) ? text.ToLowerInvariant() : null,
            PhoneStatus = phoneStatus,
            Subscription = subscription,
        };
    }

    /// <summary>The query in the directory's compact terms.</summary>
    public DirectoryFilter ToFilter() =>
        new(Search, IdPrefix, DirectoryKeys.Phone(Phone), DirectoryKeys.Email(Email), PhoneStatus, Subscription);

    /// <summary>Whether a contact as stored matches (what a list checks again on the contacts it fetched).</summary>
    public bool Matches(string contactId, string? mobilePhone, string? email, PhoneStatus phoneStatus, SubscriptionStatus subscription)
    {
        if ((PhoneStatus is { } wantedPhone && wantedPhone != phoneStatus) || (Subscription is { } wanted && wanted != subscription))
        {
            return false;
        }

        return !Search
            || (IdPrefix is not null && contactId.StartsWith(IdPrefix, StringComparison.Ordinal))
            || (Phone is not null && string.Equals(Phone, mobilePhone, StringComparison.Ordinal))
            || (Email is not null && DirectoryKeys.SameEmail(Email, email));
    }
}

/// <summary>A <see cref="ContactQuery"/> as the directory matches it: phone and email by their <see cref="DirectoryKeys"/>.</summary>
public readonly record struct DirectoryFilter(bool Search, string? IdPrefix, ulong Phone, ulong Email, PhoneStatus? PhoneStatus, SubscriptionStatus? Subscription)
{
    /// <summary>Only ids starting with <see cref="IdPrefix"/> can match: a walk can stop past them.</summary>
    public bool OnlyIdPrefix => Search && IdPrefix is not null && Phone == 0 && Email == 0;
}
