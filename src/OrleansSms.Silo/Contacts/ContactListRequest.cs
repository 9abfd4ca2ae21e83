using System.Globalization;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Contacts;

/// <summary>
/// The query string of <c>GET …/contacts</c>, <c>…/contacts/count</c> and <c>…/contacts/export</c>:
/// <c>search</c>, <c>phoneStatus</c>, <c>subscription</c>, and for the list <c>limit</c> and
/// <c>cursor</c>. An empty value is as good as none (<c>?search=&amp;limit=</c>); a parameter given
/// twice, or a value that is not one of its kind, is a problem naming the parameter and the value.
/// </summary>
public static class ContactListRequest
{
    public const string Search = "search";
    public const string PhoneStatus = "phoneStatus";
    public const string Subscription = "subscription";
    public const string Limit = "limit";
    public const string Cursor = "cursor";

    /// <param name="paged">The list: <c>limit</c> and <c>cursor</c> are read (count and export take neither).</param>
    public static ContactListQuery? Parse(IQueryCollection query, bool paged, ValidationErrors errors)
    {
        var search = One(query, Search, errors);
        if (search is { Length: > ContactQuery.MaxSearchLength })
        {
            errors.AddValue(Search, search, $"is longer than {ContactQuery.MaxSearchLength} characters: search by an id's start, a phone or an email.");
        }

        Domain.Contacts.PhoneStatus? phoneStatus = null;
        if (One(query, PhoneStatus, errors) is { } phoneText)
        {
            if (ContactValues.TryParsePhoneStatus(phoneText, out var parsed))
            {
                phoneStatus = parsed;
            }
            else
            {
                errors.AddValue(PhoneStatus, phoneText, "is not one of active, bounced, paused.");
            }
        }

        SubscriptionStatus? subscription = null;
        if (One(query, Subscription, errors) is { } subscriptionText)
        {
            if (ContactValues.TryParseSubscriptionStatus(subscriptionText, out var parsed))
            {
                subscription = parsed;
            }
            else
            {
                errors.AddValue(Subscription, subscriptionText, "is not one of subscribed, notSubscribed, none.");
            }
        }

        var limit = ContactListQuery.DefaultLimit;
        string? after = null;
        if (paged)
        {
            if (One(query, Limit, errors) is { } limitText &&
                (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ContactListQuery.MaxLimit))
            {
                errors.AddValue(Limit, limitText, $"is not a page size: a whole number from 1 to {ContactListQuery.MaxLimit} (default {ContactListQuery.DefaultLimit}).");
            }

            if (One(query, Cursor, errors) is { } cursor)
            {
                if (ContactCursor.TryDecode(cursor, out var id))
                {
                    after = id;
                }
                else
                {
                    errors.AddValue(Cursor, cursor, "is not a cursor of this list: pass the nextCursor of the page before, as it was answered.");
                }
            }
        }

        return errors.Any ? null : new ContactListQuery
        {
            Search = search,
            PhoneStatus = phoneStatus,
            Subscription = subscription,
            Limit = limit,
            After = after,
        };
    }

    /// <summary>The parameter's one value; null when absent or empty.</summary>
    private static string? One(IQueryCollection query, string name, ValidationErrors errors)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count > 1)
        {
            errors.Add(name, $"is given {values.Count} times: give it once.");
            return null;
        }

        return string.IsNullOrEmpty(values[0]) ? null : values[0];
    }
}
