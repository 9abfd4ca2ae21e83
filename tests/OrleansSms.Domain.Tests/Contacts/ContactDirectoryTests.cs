using OrleansSms.Domain.Contacts;

namespace OrleansSms.Domain.Tests.Contacts;

// Measures the process's heap: other tests allocating at the same time would show in it.
[Collection(MemoryMeasurements.Name)]
public class ContactDirectoryTests
{
    private static readonly DirectoryFilter All = ContactQuery.All.ToFilter();

    private static DirectoryRecord Record(string id, string? phone = null, string? email = null,
        PhoneStatus phoneStatus = PhoneStatus.Active, SubscriptionStatus subscription = SubscriptionStatus.None, uint revision = 1) =>
        new(id, DirectoryKeys.Phone(phone), DirectoryKeys.Email(email), phoneStatus, subscription, revision);

    private static string[] Walk(ContactDirectory directory, DirectoryFilter filter, int limit)
    {
        var ids = new List<string>();
        string? after = null;
        while (true)
        {
            var page = directory.Page(filter, after, limit);
            Assert.True(page.ContactIds.Length <= limit);
            ids.AddRange(page.ContactIds);
            if (!page.More)
            {
                return [.. ids];
            }

            Assert.Equal(limit, page.ContactIds.Length);
            after = page.ContactIds[^1];
        }
    }

    [Fact]
    public void Ids_come_back_sorted_ordinal_whatever_the_insertion_order_across_many_blocks()
    {
        var directory = new ContactDirectory();
        var ids = Enumerable.Range(0, 5_000).Select(i => $"c{(i * 7919) % 5_000}").ToList();
        ids.AddRange(["B", "a", "_x", "-y", "Z9"]);
        foreach (var id in ids)
        {
            Assert.True(directory.Upsert(Record(id)));
        }

        var expected = ids.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, directory.Ids());
        Assert.Equal(expected, Walk(directory, All, 37));
        Assert.Equal(expected.Length, directory.Count);
        Assert.Equal(expected.Length, directory.ListedCount);
        Assert.True(directory.Contains("c4999"));
        Assert.False(directory.Contains("c5000"));
    }

    [Fact]
    public void Pending_ids_are_held_for_newsletters_but_listed_only_once_their_contact_is_written()
    {
        var directory = new ContactDirectory();
        Assert.True(directory.AddPending("b"));
        Assert.False(directory.AddPending("b"));
        directory.Upsert(Record("a"));

        Assert.Equal(["a", "b"], directory.Ids());
        Assert.Equal(["a"], Walk(directory, All, 10));
        Assert.Equal(1, directory.CountMatching(All));

        Assert.True(directory.Upsert(Record("b", revision: 1)));
        Assert.Equal(["a", "b"], Walk(directory, All, 10));
        Assert.Equal(2, directory.ListedCount);
        Assert.False(directory.AddPending("b"));
        Assert.True(directory.Get("b")!.Value.Listed);
    }

    [Fact]
    public void An_older_revision_never_replaces_a_newer_one_and_an_equal_one_changes_nothing()
    {
        var directory = new ContactDirectory();
        directory.Upsert(Record("a", "+34600111222", revision: 5));

        Assert.False(directory.Upsert(Record("a", "+34600999999", revision: 4)));
        Assert.True(directory.IsCurrent(Record("a", "+34600999999", revision: 4)));
        Assert.False(directory.Upsert(Record("a", "+34600111222", revision: 5)));
        Assert.True(directory.IsCurrent(Record("a", "+34600111222", revision: 5)));
        Assert.False(directory.IsCurrent(Record("a", "+34600111333", revision: 6)));
        Assert.True(directory.Upsert(Record("a", "+34600111333", revision: 6)));

        Assert.Equal(DirectoryKeys.Phone("+34600111333"), directory.Get("a")!.Value.Phone);
        Assert.Equal(6u, directory.Get("a")!.Value.Revision);
    }

    [Fact]
    public void Search_matches_an_id_prefix_a_phone_or_an_email_and_filters_match_statuses()
    {
        var directory = new ContactDirectory();
        directory.Upsert(Record("ana-1", "+34600111222", "ana@example.com", subscription: SubscriptionStatus.Subscribed));
        directory.Upsert(Record("ana-2", "+34600111333", phoneStatus: PhoneStatus.Bounced));
        directory.Upsert(Record("bob", "+34600111444", "Bob@Example.com", PhoneStatus.Paused, SubscriptionStatus.NotSubscribed));
        directory.Upsert(Record("anb", "+34600111222"));

        string[] Find(string search, PhoneStatus? ps = null, SubscriptionStatus? ss = null) =>
            Walk(directory, ContactQuery.Parse(search, "ES", ps, ss).ToFilter(), 2);

        Assert.Equal(["ana-1", "ana-2"], Find("ana"));
        Assert.Equal(["ana-1", "ana-2", "anb"], Find("an"));
        Assert.Equal(["ana-1", "anb"], Find("600 11 12 22"));
        Assert.Equal(["ana-1", "anb"], Find("0034600111222"));
        Assert.Equal(["bob"], Find("BOB@example.COM"));
        Assert.Equal(["bob"], Find("  bob@example.com "));
        Assert.Empty(Find("zzz"));
        Assert.Empty(Find("+34 no phone"));
        Assert.Equal(["ana-2"], Find("ana", PhoneStatus.Bounced));
        Assert.Equal(["ana-1"], Find("ana", ss: SubscriptionStatus.Subscribed));
        Assert.Equal(["bob"], Walk(directory, ContactQuery.Parse(null, "ES", PhoneStatus.Paused, SubscriptionStatus.NotSubscribed).ToFilter(), 5));

        Assert.Equal(3, directory.CountMatching(ContactQuery.Parse("an", "ES").ToFilter()));
        Assert.Equal(2, directory.CountMatching(ContactQuery.Parse("+34600111222", null).ToFilter()));
        Assert.Equal(4, directory.CountMatching(All));
    }

    [Fact]
    public void A_page_after_a_cursor_starts_past_it_even_when_the_cursor_id_is_gone()
    {
        var directory = new ContactDirectory();
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            directory.Upsert(Record(id));
        }

        Assert.Equal(["c", "d"], directory.Page(All, "b", 5).ContactIds);
        directory.Remove("b");
        Assert.Equal(["c", "d"], directory.Page(All, "b", 5).ContactIds);
        Assert.Equal(["c"], directory.Page(All, "bb", 1).ContactIds);
        Assert.True(directory.Page(All, "bb", 1).More);
        Assert.False(directory.Page(All, "c", 1).More);
        Assert.Same(DirectoryPage.Empty, directory.Page(All, "d", 3));
    }

    [Fact]
    public void Removals_keep_order_and_counts_and_leave_no_thin_blocks_behind()
    {
        var directory = new ContactDirectory();
        var ids = Enumerable.Range(0, 3_000).Select(i => $"id{i:D5}").ToArray();
        foreach (var id in ids)
        {
            directory.Upsert(Record(id));
        }

        var full = directory.MemoryBytes;
        foreach (var id in ids.Where((_, i) => i % 10 != 0))
        {
            Assert.True(directory.Remove(id));
        }

        Assert.False(directory.Remove("id00001"));
        var kept = ids.Where((_, i) => i % 10 == 0).ToArray();
        Assert.Equal(kept, directory.Ids());
        Assert.Equal(kept, Walk(directory, All, 7));
        Assert.Equal(kept.Length, directory.ListedCount);
        Assert.True(directory.MemoryBytes < full / 3, $"{directory.MemoryBytes} bytes for {kept.Length} ids (was {full} for {ids.Length})");
    }

    [Fact]
    public void Pack_and_unpack_keep_every_entry_and_reject_bytes_that_are_not_a_directory()
    {
        var directory = new ContactDirectory();
        directory.Upsert(Record("a", "+34600111222", "a@x.es", PhoneStatus.Bounced, SubscriptionStatus.Subscribed, 3));
        directory.Upsert(Record("b", revision: uint.MaxValue));
        directory.AddPending("c");
        for (var i = 0; i < 600; i++)
        {
            directory.Upsert(Record($"z{i:D4}", $"+346001{i:D5}"));
        }

        var again = ContactDirectory.Unpack(directory.Pack());

        Assert.Equal(directory.Ids(), again.Ids());
        Assert.Equal(directory.ListedCount, again.ListedCount);
        foreach (var id in directory.Ids())
        {
            Assert.Equal(directory.Get(id), again.Get(id));
        }

        Assert.Equal(directory.Pack(), again.Pack());
        Assert.Equal(0, ContactDirectory.Unpack([]).Count);
        Assert.Throws<FormatException>(() => ContactDirectory.Unpack([9, 0, 0, 0, 0]));
        Assert.Throws<FormatException>(() => ContactDirectory.Unpack([1, 2, 0, 0, 0, 1, (byte)'b', 0x10, 0, 0, 0, 0, 1, (byte)'a', 0x10, 0, 0, 0, 0]));
    }

    [Fact]
    public void A_contact_takes_well_under_200_bytes_in_memory()
    {
        const int contacts = 100_000;
        var ids = Enumerable.Range(0, contacts).Select(i => Guid.NewGuid().ToString("N")).ToArray();
        var records = ids.Select((id, i) => Record(id, $"+346{i:D8}", $"user{i}@example.com")).ToArray();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var directory = new ContactDirectory();
        foreach (var record in records)
        {
            directory.Upsert(record);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(directory);
        var perContact = (after - before) / (double)contacts;
        Assert.Equal(56, ContactDirectory.EntryBytes);
        Assert.True(perContact <= 120, $"{perContact:F1} bytes per contact");
        Assert.InRange(directory.MemoryBytes / (double)contacts, 56, 120);
    }

    [Fact]
    public void A_bad_id_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ContactDirectory().Upsert(Record("not an id")));
}
