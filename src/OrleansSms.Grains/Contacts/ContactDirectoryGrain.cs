using Orleans.Concurrency;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;

namespace OrleansSms.Grains.Contacts;

/// <inheritdoc cref="IContactDirectoryGrain"/>
/// <remarks>
/// A page: each of the 64 partitions answers up to <c>limit</c> matching ids after the cursor
/// (its directory is sorted), the pages are merged (<see cref="DirectoryMerge"/>), and the first
/// <c>limit</c> are fetched from their contact grains in parallel. Each fetched contact is checked
/// against the query again (an email matched by its hash, an entry a crash left behind its
/// contact): a list never shows a contact that does not match, and a page may then hold fewer
/// than <c>limit</c> with a cursor still to follow. The cursor is the page's last id: keyset
/// paging, so contacts written between two pages neither repeat nor skip those that were there.
/// A stateless worker: the fan-out runs on the silo that took the request.
/// </remarks>
[StatelessWorker]
internal sealed class ContactDirectoryGrain : Grain, IContactDirectoryGrain
{
    public async Task<ContactListPage> ListAsync(ContactListQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, ContactListQuery.MaxLimit);
        var parsed = await ParseAsync(query);
        var filter = ContactDirectoryFilter.From(parsed);
        var pages = await Task.WhenAll(Enumerable.Range(0, ContactIndex.Partitions)
            .Select(p => GrainFactory.GetContactIndex(StoreId, p).FindAsync(filter, query.After, limit)));
        var (ids, next) = DirectoryMerge.Page([.. pages.Select(p => p.ToDomain())], limit);
        var contacts = await Task.WhenAll(ids.Select(id => GrainFactory.GetContact(StoreId, id).GetAsync()));
        var items = contacts
            .Where(c => c is not null && parsed.Matches(c.ContactId, c.MobilePhone, EmailOf(c), c.MobilePhoneStatus, c.SmsSubscriptionStatus))
            .ToArray();
        return new ContactListPage(items!, next);
    }

    public async Task<long> CountAsync(ContactListQuery query)
    {
        var filter = ContactDirectoryFilter.From(await ParseAsync(query));
        var counts = await Task.WhenAll(Enumerable.Range(0, ContactIndex.Partitions)
            .Select(p => GrainFactory.GetContactIndex(StoreId, p).CountAsync(filter)));
        return counts.Sum(c => (long)c);
    }

    private string StoreId => this.GetPrimaryKeyString();

    /// <summary>The search read with the store's default country (asked only when there is a search).</summary>
    private async Task<ContactQuery> ParseAsync(ContactListQuery query)
    {
        var country = string.IsNullOrWhiteSpace(query.Search) ? null : (await GrainFactory.GetStoreChannel(StoreId).GetAsync())?.DefaultCountry;
        return ContactQuery.Parse(query.Search, country, query.PhoneStatus, query.Subscription);
    }

    private static string? EmailOf(ContactSnapshot contact) =>
        contact.Fields.TryGetValue(ContactDirectoryEntry.EmailField, out var email) ? email.Value : null;
}
