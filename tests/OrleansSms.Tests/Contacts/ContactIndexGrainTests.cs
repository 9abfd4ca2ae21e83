using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

[Collection(ClusterCollection.Name)]
public sealed class ContactIndexGrainTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Ids_added_one_by_one_and_in_batches_are_stored_once_sorted_and_survive_reactivation()
    {
        var index = cluster.Grains.GetContactIndex(Ids.Store(), 7);
        await index.AddManyAsync(["c-3", "a_1", "B-2"]);
        await Task.WhenAll(index.AddAsync("d"), index.AddAsync("a_1"), index.AddManyAsync(["c-3", "e"]));

        string[] expected = ["B-2", "a_1", "c-3", "d", "e"];
        Assert.Equal(expected, await index.GetContactIdsAsync());

        // Every idle activation goes; the partition comes back from its packed state.
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(expected, await index.GetContactIdsAsync());
    }

    [Fact]
    public async Task An_add_answers_which_ids_it_added_so_an_import_knows_which_contacts_are_new()
    {
        var index = cluster.Grains.GetContactIndex(Ids.Store(), 3);
        Assert.Equal(new[] { true, true }, await index.AddManyAsync(["a", "b"]));
        await index.AddAsync("c");

        // Known ids, and the second of a pair within one call, were not added by it.
        Assert.Equal(new[] { false, true, false, false }, await index.AddManyAsync(["b", "d", "d", "c"]));
        // Two interleaved adds of the same new id: exactly one of them added it.
        var first = index.AddManyAsync(["e", "f"]);
        var second = index.AddManyAsync(["f", "g"]);
        await Task.WhenAll(first, second);
        var (byFirst, bySecond) = (await first, await second);
        Assert.True(byFirst[0] && bySecond[1]);
        Assert.True(byFirst[1] ^ bySecond[0]);

        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(new[] { false, false, true }, await index.AddManyAsync(["a", "g", "h"]));
    }

    [Fact]
    public async Task A_removed_id_is_unlisted_durably_and_an_add_answers_it_as_new_again()
    {
        var index = cluster.Grains.GetContactIndex(Ids.Store(), 5);
        await index.AddManyAsync(["ab", "b", "c"]);

        // Removals interleave with adds (those behind the first write share the next): an id of the
        // same length as the removed one, added in the same write, is stored too.
        await Task.WhenAll(index.AddAsync("zz"), index.RemoveAsync("ab"), index.AddAsync("cd"), index.RemoveAsync("never-listed"));
        Assert.Equal(["b", "c", "cd", "zz"], await index.GetContactIdsAsync());

        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(["b", "c", "cd", "zz"], await index.GetContactIdsAsync());

        // No longer listed: an import takes it for new (its erased contact's record is empty).
        Assert.Equal(new[] { true, false }, await index.AddManyAsync(["ab", "b"]));
        await index.RemoveAsync("b");
        await index.RemoveAsync("b");
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(["ab", "c", "cd", "zz"], await index.GetContactIdsAsync());
    }

    [Fact]
    public async Task Partitions_of_one_store_and_of_two_stores_are_independent()
    {
        var store = Ids.Store();
        await cluster.Grains.GetContactIndex(store, 1).AddAsync("only-in-1");
        Assert.Empty(await cluster.Grains.GetContactIndex(store, 2).GetContactIdsAsync());
        Assert.Empty(await cluster.Grains.GetContactIndex(Ids.Store(), 1).GetContactIdsAsync());
    }

    private static ContactDirectoryEntry Entry(string id, string? phone = null, uint revision = 1, PhoneStatus status = PhoneStatus.Active, params (string Name, FieldType Type)[] fields) =>
        ContactDirectoryEntry.Of(id, phone, status, SubscriptionStatus.None,
            fields.ToDictionary(f => f.Name, f => new ContactField(f.Type, "x"), StringComparer.Ordinal), revision);

    [Fact]
    public async Task Entries_are_found_counted_kept_at_their_newest_revision_and_survive_reactivation()
    {
        var index = cluster.Grains.GetContactIndex(Ids.Store(), 9);
        await index.AddAsync("pending");
        await index.UpsertManyAsync([Entry("a", "+34600111222", fields: ("age", FieldType.Number)), Entry("b", "+34600111333", fields: ("age", FieldType.String))]);
        await index.UpsertAsync(Entry("a", "+34600999999", revision: 3, status: PhoneStatus.Bounced));
        await index.UpsertAsync(Entry("a", "+34600111222", revision: 2));

        var byPhone = ContactDirectoryFilter.From(ContactQuery.Parse("+34600999999", null));
        var bounced = ContactDirectoryFilter.From(ContactQuery.Parse(null, null, PhoneStatus.Bounced));
        async Task AssertStateAsync()
        {
            Assert.Equal(["a", "b", "pending"], await index.GetContactIdsAsync());
            var all = await index.FindAsync(ContactDirectoryFilter.All, null, 10);
            Assert.Equal(["a", "b"], all.ContactIds);
            Assert.False(all.More);
            Assert.Equal(["a"], (await index.FindAsync(byPhone, null, 10)).ContactIds);
            Assert.Equal(1, await index.CountAsync(bounced));
            Assert.Equal(["age:string", "age:number"], await index.GetFieldColumnsAsync());
            Assert.Equal((3, 2), ((await index.GetStatsAsync()).Ids, (await index.GetStatsAsync()).Listed));
        }

        await AssertStateAsync();
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await AssertStateAsync();
    }

    [Fact]
    public async Task A_removed_contact_leaves_the_index_and_the_directory()
    {
        var index = cluster.Grains.GetContactIndex(Ids.Store(), 11);
        await index.UpsertManyAsync([Entry("a", "+34600111222"), Entry("b")]);
        await index.RemoveAsync("a");
        await index.RemoveAsync("never-there");

        Assert.Equal(["b"], await index.GetContactIdsAsync());
        Assert.Equal(0, await index.CountAsync(ContactDirectoryFilter.From(ContactQuery.Parse("+34600111222", null))));
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(["b"], await index.GetContactIdsAsync());
        Assert.Equal(new[] { true }, await index.AddManyAsync(["a"]));
    }
}
