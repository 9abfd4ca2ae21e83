using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

[Collection(ClusterCollection.Name)]
public sealed class ContactGrainTests(ClusterFixture cluster)
{
    private IContactGrain NewContact() => cluster.Grains.GetContact(Ids.Store(), Ids.Contact());

    private static Dictionary<string, ContactField?> Fields(params (string Name, ContactField? Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);

    [Fact]
    public async Task An_unwritten_contact_does_not_exist()
    {
        Assert.Null(await NewContact().GetAsync());
    }

    [Fact]
    public async Task A_contact_an_import_creates_while_its_grain_is_creating_it_keeps_both_writes()
    {
        // The import creates the contact between the grain's index add and its write (staged by
        // ImportRaceFilter): the grain's write conflicts, and it merges on top of the import's.
        var grain = cluster.Grains.GetContact(Ids.Store(), ImportRaceFilter.Prefix + Ids.Contact()[..20]);
        var result = await grain.UpdateAsync(new ContactUpdate
        {
            SmsSubscriptionStatus = SubscriptionStatus.Subscribed,
            Fields = Fields(("fromApi", new ContactField(FieldType.String, "yes"))),
        });

        Assert.False(result.Created);
        Assert.Equal("+34600999000", result.Contact.MobilePhone);
        Assert.Equal(SubscriptionStatus.Subscribed, result.Contact.SmsSubscriptionStatus);
        Assert.Equal(["fromApi", "fromImport"], result.Contact.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["fromApi", "fromImport"], (await grain.GetAsync())!.Fields.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(SubscriptionStatus.None)]
    [InlineData(SubscriptionStatus.Subscribed)]
    [InlineData(SubscriptionStatus.NotSubscribed)]
    public async Task A_new_contact_is_active_and_takes_the_store_default_subscription(SubscriptionStatus storeDefault)
    {
        var grain = NewContact();
        var result = await grain.UpdateAsync(new ContactUpdate { SetsMobilePhone = true, MobilePhone = "+34600111222", DefaultSubscription = storeDefault });

        Assert.True(result.Created);
        Assert.Equal(PhoneStatus.Active, result.Contact.MobilePhoneStatus);
        Assert.Equal(storeDefault, result.Contact.SmsSubscriptionStatus);
        Assert.Equal(ClusterFixture.Time.GetUtcNow(), result.Contact.CreatedAt);
    }

    [Fact]
    public async Task The_store_default_never_overrides_an_existing_contact_or_an_explicit_status()
    {
        var grain = NewContact();
        await grain.UpdateAsync(new ContactUpdate { SmsSubscriptionStatus = SubscriptionStatus.NotSubscribed, DefaultSubscription = SubscriptionStatus.Subscribed });
        var second = await grain.UpdateAsync(new ContactUpdate { DefaultSubscription = SubscriptionStatus.Subscribed });

        Assert.False(second.Created);
        Assert.Equal(SubscriptionStatus.NotSubscribed, second.Contact.SmsSubscriptionStatus);
    }

    [Theory]
    [InlineData(PhoneStatus.Active)]
    [InlineData(PhoneStatus.Bounced)]
    [InlineData(PhoneStatus.Paused)]
    public async Task Phone_status_is_stored_as_set(PhoneStatus status)
    {
        var grain = NewContact();
        await grain.UpdateAsync(new ContactUpdate { MobilePhoneStatus = status });
        Assert.Equal(status, (await grain.GetAsync())!.MobilePhoneStatus);
    }

    [Fact]
    public async Task Updates_merge_absent_stays_null_clears()
    {
        var grain = NewContact();
        await grain.UpdateAsync(new ContactUpdate
        {
            SetsMobilePhone = true,
            MobilePhone = "+34600111222",
            SmsSubscriptionStatus = SubscriptionStatus.Subscribed,
            Fields = Fields(("firstName", new(FieldType.String, "Ana")), ("age", new(FieldType.Number, "31"))),
        });
        var createdAt = (await grain.GetAsync())!.CreatedAt;
        ClusterFixture.Time.Advance(TimeSpan.FromMinutes(5));

        var merged = (await grain.UpdateAsync(new ContactUpdate { Fields = Fields(("age", null), ("vip", new(FieldType.Boolean, "true"))) })).Contact;

        Assert.Equal("+34600111222", merged.MobilePhone);
        Assert.Equal(SubscriptionStatus.Subscribed, merged.SmsSubscriptionStatus);
        Assert.Equal(new ContactField(FieldType.String, "Ana"), merged.Fields["firstName"]);
        Assert.Equal(new ContactField(FieldType.Boolean, "true"), merged.Fields["vip"]);
        Assert.False(merged.Fields.ContainsKey("age"));
        Assert.Equal(createdAt, merged.CreatedAt);
        Assert.Equal(createdAt.AddMinutes(5), merged.UpdatedAt);

        var cleared = (await grain.UpdateAsync(new ContactUpdate { SetsMobilePhone = true, MobilePhone = null })).Contact;
        Assert.Null(cleared.MobilePhone);
        Assert.Equal("Ana", cleared.Fields["firstName"].Value);
    }

    [Fact]
    public async Task The_key_carries_store_and_contact_and_different_stores_do_not_share_contacts()
    {
        var contactId = Ids.Contact();
        var a = cluster.Grains.GetContact(Ids.Store(), contactId);
        var b = cluster.Grains.GetContact(Ids.Store(), contactId);
        await a.UpdateAsync(new ContactUpdate { Fields = Fields(("firstName", new(FieldType.String, "Ana"))) });

        Assert.Equal(contactId, (await a.GetAsync())!.ContactId);
        Assert.Null(await b.GetAsync());
    }

    [Fact]
    public async Task An_import_row_and_an_update_each_list_their_contact_in_its_directory_before_answering()
    {
        // Two stores: the same phone and email in each.
        var (importStore, updateStore) = (Ids.Store(), Ids.Store());
        var (imported, updated) = (Ids.Contact(), Ids.Contact());
        var update = new ContactUpdate
        {
            SetsMobilePhone = true,
            MobilePhone = "+34600111222",
            Fields = Fields(("firstName", new(FieldType.String, "Ana")), ("email", new(FieldType.String, "Ana@Example.com"))),
        };

        Assert.True((await cluster.Grains.GetContact(importStore, imported).ImportAsync(update)).Created);
        Assert.True((await cluster.Grains.GetContact(updateStore, updated).UpdateAsync(update)).Created);

        foreach (var (store, id) in new[] { (importStore, imported), (updateStore, updated) })
        {
            var index = cluster.Grains.GetContactIndex(store, ContactIndex.PartitionOf(id));
            Assert.Contains(id, await index.GetContactIdsAsync());
            var byPhone = ContactDirectoryFilter.From(ContactQuery.Parse("600 111 222", "ES"));
            Assert.Equal([id], (await index.FindAsync(byPhone, null, 10)).ContactIds);
            var byEmail = ContactDirectoryFilter.From(ContactQuery.Parse("ana@EXAMPLE.com", null, PhoneStatus.Active));
            Assert.Equal(1, await index.CountAsync(byEmail));
            Assert.Contains("firstName:string", await index.GetFieldColumnsAsync());
        }

        Assert.Equal("Ana", (await cluster.Grains.GetContact(importStore, imported).GetAsync())!.Fields["firstName"].Value);
    }

    [Fact]
    public async Task A_bulk_send_and_a_send_share_idempotency_keys()
    {
        var grain = NewContact();
        await grain.UpdateAsync(new ContactUpdate
        {
            SetsMobilePhone = true,
            MobilePhone = TestPhones.Next(),
            SmsSubscriptionStatus = SubscriptionStatus.Subscribed,
        });
        var command = new SendSmsCommand { IdempotencyKey = "run-1:send", Kind = SmsKind.Newsletter, Text = "Hi", SenderName = "MyShop" };

        var first = await grain.SendBulkAsync(command);
        var again = await grain.SendSmsAsync(command);
        var bulkAgain = await grain.SendBulkAsync(command);

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.True(bulkAgain.Replayed);
        Assert.Equal(first.ClientId, again.ClientId);
        Assert.Single(await grain.GetSmsHistoryAsync());
    }

    [Fact]
    public void Keys_format_and_parse_back()
    {
        Assert.Equal(("s1", "c-1"), ContactKeys.Parse(ContactKeys.Format("s1", "c-1")));
        Assert.Equal(("s1", 63), ContactIndexKeys.Parse(ContactIndexKeys.Format("s1", 63)));
        Assert.Equal("s1/7", ContactIndexKeys.Format("s1", 7));
        Assert.Throws<ArgumentException>(() => ContactKeys.Parse("no-slash"));
        Assert.Throws<ArgumentException>(() => ContactKeys.Parse("/c"));
        Assert.Throws<ArgumentException>(() => ContactKeys.Parse("s/"));
        Assert.Throws<ArgumentException>(() => ContactIndexKeys.Parse("s1/x"));
    }
}
