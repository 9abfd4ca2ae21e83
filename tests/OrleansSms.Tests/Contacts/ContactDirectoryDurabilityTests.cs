using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Grains;
using OrleansSms.Grains.Contacts;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

/// <summary>
/// The contact directory is durable: what a write or an import answered is found after a restart,
/// a directory lost (or stored before it held entries) is rebuilt from the contacts, and an entry
/// a write could not hand over is sent with the contact's next write.
/// </summary>
public sealed class ContactDirectoryDurabilityTests
{
    private static async Task<long> CountAsync(HttpClient client, string store, string query = "") =>
        (await (await client.GetAsync($"/api/stores/{store}/contacts/count?{query}")).ReadJsonAsync()).GetProperty("count").GetInt64();

    private static async Task<string[]> FindAsync(HttpClient client, string store, string query) =>
        [.. (await (await client.GetAsync($"/api/stores/{store}/contacts?{query}")).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("contactId").GetString()!)];

    private static async Task AssertFoundAsync(HttpClient client, string store)
    {
        Assert.Equal(3, await CountAsync(client, store));
        Assert.Equal(["ana"], await FindAsync(client, store, "search=600111222"));
        Assert.Equal(["ana"], await FindAsync(client, store, "search=ANA%40example.com&phoneStatus=paused"));
        Assert.Equal(["imp-1"], await FindAsync(client, store, "search=%2B34600111333&subscription=subscribed"));
        Assert.Equal(["imp-2"], await FindAsync(client, store, "search=imp-2"));
        Assert.Equal(2, await CountAsync(client, store, "search=imp"));
    }

    /// <summary>Rewrites every index partition of the store as a partition stored before the directory: its ids only.</summary>
    private static async Task ForgetEntriesAsync(IServiceProvider services, string store)
    {
        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);
        var grains = services.GetRequiredService<IGrainFactory>();
        for (var p = 0; p < ContactIndex.Partitions; p++)
        {
            var id = ((GrainReference)grains.GetContactIndex(store, p)).GrainId;
            var stored = new GrainState<ContactIndexState>(new ContactIndexState());
            await storage.ReadStateAsync("contactIndex", id, stored);
            var ids = ContactDirectory.Unpack(stored.State!.Directory).Ids();
            stored.State = new ContactIndexState { PackedIds = Encoding.ASCII.GetBytes(string.Concat(ids.Select(i => i + "\n"))) };
            await storage.WriteStateAsync("contactIndex", id, stored);
        }
    }

    [Fact]
    public async Task Sqlite_the_directory_survives_a_restart_and_a_lost_one_is_rebuilt_from_the_contacts()
    {
        var directory = Directory.CreateTempSubdirectory("orleans-sms-test-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = Path.Combine(directory.FullName, "orleans-sms.db") };
            var store = Ids.Store();
            await using (var first = new SiloFactory(settings))
            {
                var client = first.CreateAuthorizedClient();
                await (await client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "token-abcdefghijklmnop", defaultCountry = "ES" })).ReadJsonAsync();
                await (await client.PutRawJsonAsync($"/api/stores/{store}/contacts/ana",
                    """{"_mobilePhone":"600111222","_mobilePhoneStatus":"paused","fields":{"email":"Ana@Example.com"}}""")).ReadJsonAsync();
                var report = await (await client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(
                    "contactId,_mobilePhone,_smsSubscriptionStatus\nimp-1,600111333,subscribed\nimp-2,,\n", Encoding.UTF8, "text/csv"))).ReadJsonAsync();
                Assert.Equal(2, report.GetProperty("created").GetInt32());
                await AssertFoundAsync(client, store);
            }

            await using (var second = new SiloFactory(settings))
            {
                await AssertFoundAsync(second.CreateAuthorizedClient(), store);
            }

            await using var third = new SiloFactory(settings);
            await ForgetEntriesAsync(third.Services, store);
            var again = third.CreateAuthorizedClient();
            Assert.Equal(0, await CountAsync(again, store));
            Assert.Empty(await FindAsync(again, store, "search=600111222"));

            // Only a key for all stores may rebuild.
            using var storeKey = third.CreateAuthorizedClient(SiloFactory.StoreKey);
            var refused = await storeKey.PostAsync($"/api/stores/{SiloFactory.StoreKeyStore}/contacts/directory/rebuild", null);
            Assert.Contains("all stores", (await refused.AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString());

            var rebuilt = await (await again.PostAsync($"/api/stores/{store}/contacts/directory/rebuild", null)).ReadJsonAsync();
            Assert.Equal((64, 3, 0), (rebuilt.GetProperty("partitions").GetInt32(), rebuilt.GetProperty("contacts").GetInt64(), rebuilt.GetProperty("missing").GetInt64()));
            await AssertFoundAsync(again, store);

            // Twice is the same.
            var twice = await (await again.PostAsync($"/api/stores/{store}/contacts/directory/rebuild", null)).ReadJsonAsync();
            Assert.Equal(3, twice.GetProperty("contacts").GetInt64());
            await AssertFoundAsync(again, store);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static Task<long> CountOfAsync(HttpClient client, string store) => CountAsync(client, store);

    internal static Task<string[]> FindInAsync(HttpClient client, string store, string query) => FindAsync(client, store, query);
}

/// <summary>Entries a write could not hand over, on the shared memory silo.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class ContactDirectoryHealingTests(MemorySiloFixture silo)
{
    private static Task<long> CountAsync(HttpClient client, string store) => ContactDirectoryDurabilityTests.CountOfAsync(client, store);

    private static Task<string[]> FindAsync(HttpClient client, string store, string query) => ContactDirectoryDurabilityTests.FindInAsync(client, store, query);

    [Fact]
    public async Task A_contact_stored_without_its_entry_is_listed_again_by_its_next_write_and_an_unlisted_id_by_a_rebuild()
    {
        var client = silo.Client;
        var store = Ids.Store();
        var grains = silo.Factory.Services.GetRequiredService<IGrainFactory>();
        var writer = silo.Factory.Services.GetRequiredService<NewContactWriter>();

        // Stored as a crash between the contact's write and its entry's would leave it: the
        // state says its entry may be missing, and the directory has only its id (or nothing).
        var contact = ((GrainReference)grains.GetContact(store, "lost")).GrainId;
        Assert.NotNull(await writer.CreateAsync(contact, "lost", new ContactUpdate
        {
            SetsMobilePhone = true,
            MobilePhone = "+34600111222",
        }));
        var orphan = ((GrainReference)grains.GetContact(store, "orphan")).GrainId;
        await writer.CreateAsync(orphan, "orphan", new ContactUpdate());
        await grains.GetContactIndex(store, ContactIndex.PartitionOf("orphan")).AddAsync("orphan");
        Assert.Equal(0, await CountAsync(client, store));

        // A write that changes nothing the directory holds still sends the missing entry.
        await (await client.PutRawJsonAsync($"/api/stores/{store}/contacts/lost", """{"fields":{}}""")).ReadJsonAsync();
        Assert.Equal(["lost"], await FindAsync(client, store, "search=%2B34600111222"));
        Assert.Equal(1, await CountAsync(client, store));

        var rebuilt = await (await client.PostAsync($"/api/stores/{store}/contacts/directory/rebuild", null)).ReadJsonAsync();
        Assert.Equal(2, rebuilt.GetProperty("contacts").GetInt64());
        Assert.Equal(["lost", "orphan"], await FindAsync(client, store, ""));
        Assert.Equal(JsonValueKind.Object, (await (await client.GetAsync($"/api/stores/{store}/contacts/orphan")).ReadJsonAsync()).ValueKind);
    }
}
