using System.Text;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Grains.Contacts;

namespace OrleansSms.Silo.Contacts;

/// <summary>
/// Streams a store's contacts as the CSV its import reads back (<see cref="ContactCsvWriter"/>):
/// the header from the fields the directory's partitions have seen, then a row per contact in id
/// order, written as the directory is walked. Memory stays flat whatever the store's size: a
/// page of ids per partition (<see cref="PartitionPage"/>), merged as they are read (a partition's
/// next page is asked for when its last one is used up), and <see cref="ReadBatch"/> contacts read
/// at a time.
/// <para>
/// Contacts are read from their storage records (<see cref="ContactStateReader"/>), not their
/// grains: an export reads every contact once, and waking a million grains for it would fill the
/// silo's memory. A contact that no longer matches (or no longer exists) when it is read is left out.
/// </para>
/// </summary>
public sealed class ContactExporter(IGrainFactory grains, ContactStateReader contacts)
{
    /// <summary>Ids asked of a partition at a time.</summary>
    public const int PartitionPage = 200;

    /// <summary>Contacts read from storage at once, then written in order.</summary>
    public const int ReadBatch = 64;

    public async Task WriteAsync(string storeId, ContactListQuery request, Stream body, CancellationToken cancellationToken)
    {
        var country = string.IsNullOrWhiteSpace(request.Search) ? null : (await grains.GetStoreChannel(storeId).GetAsync())?.DefaultCountry;
        var query = ContactQuery.Parse(request.Search, country, request.PhoneStatus, request.Subscription);
        var filter = ContactDirectoryFilter.From(query);
        var partitions = Enumerable.Range(0, ContactIndex.Partitions).Select(p => grains.GetContactIndex(storeId, p)).ToArray();

        var columns = new SortedSet<FieldColumn>();
        foreach (var headers in await Task.WhenAll(partitions.Select(p => p.GetFieldColumnsAsync())))
        {
            foreach (var header in headers)
            {
                if (FieldColumn.TryParse(header, out var column))
                {
                    columns.Add(column);
                }
            }
        }

        await using var text = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        var csv = new ContactCsvWriter(text, [.. columns]);
        csv.WriteHeader();

        var walks = await Task.WhenAll(partitions.Select(async p => new PartitionWalk(p, await p.FindAsync(filter, null, PartitionPage))));
        var heads = new PriorityQueue<PartitionWalk, string>(walks.Length, StringComparer.Ordinal);
        foreach (var walk in walks.Where(w => w.Current is not null))
        {
            heads.Enqueue(walk, walk.Current!);
        }

        var batch = new List<string>(ReadBatch);
        var cells = new string?[csv.Columns.Count];
        while (heads.Count > 0)
        {
            batch.Clear();
            while (batch.Count < ReadBatch && heads.TryDequeue(out var walk, out var id))
            {
                batch.Add(id);
                if (await walk.MoveNextAsync(filter))
                {
                    heads.Enqueue(walk, walk.Current!);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            foreach (var stored in await Task.WhenAll(batch.Select(id => contacts.ReadAsync(storeId, id))))
            {
                if (stored?.Contact is not { } contact ||
                    !query.Matches(contact.ContactId, contact.MobilePhone, stored.Entry.Email, contact.MobilePhoneStatus, contact.SmsSubscriptionStatus))
                {
                    continue;
                }

                for (var i = 0; i < cells.Length; i++)
                {
                    var column = csv.Columns[i];
                    cells[i] = contact.Fields.TryGetValue(column.Name, out var field) && field.Type == column.Type ? field.Value : null;
                }

                csv.WriteRow(contact.ContactId, contact.MobilePhone, contact.MobilePhoneStatus, contact.SmsSubscriptionStatus, cells);
            }

            await text.FlushAsync(cancellationToken);
        }
    }

    /// <summary>One partition's ids, a page at a time.</summary>
    private sealed class PartitionWalk(IContactIndexGrain partition, ContactIdPage page)
    {
        private ContactIdPage _page = page;
        private int _position;

        public string? Current => _position < _page.ContactIds.Length ? _page.ContactIds[_position] : null;

        /// <summary>On to the next id, asking the partition for its next page when this one is used up.</summary>
        public async Task<bool> MoveNextAsync(ContactDirectoryFilter filter)
        {
            if (++_position < _page.ContactIds.Length)
            {
                return true;
            }

            if (!_page.More)
            {
                return false;
            }

            _page = await partition.FindAsync(filter, _page.ContactIds[^1], PartitionPage);
            _position = 0;
            return _page.ContactIds.Length > 0;
        }
    }
}
