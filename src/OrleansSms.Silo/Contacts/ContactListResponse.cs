using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;

namespace OrleansSms.Silo.Contacts;

/// <summary>A page of the contact list: contact answers in id order, and the cursor of the next page (null: the last page).</summary>
public sealed record ContactListResponse(IReadOnlyList<ContactResponse> Items, string? NextCursor)
{
    public static ContactListResponse From(ContactListPage page) =>
        new([.. page.Items.Select(ContactResponse.From)], page.NextAfter is { } next ? ContactCursor.Encode(next) : null);
}

/// <summary>How many contacts match.</summary>
public sealed record ContactCountResponse(long Count);
