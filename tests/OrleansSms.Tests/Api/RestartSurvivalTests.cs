using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Grains.Contacts;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Api;

/// <summary>
/// A contact and a channel written through the API, and contacts an import wrote, survive a full
/// silo restart on the same database, starting from nothing: a missing SQLite file, an empty
/// PostgreSQL database; so do the list of stores and the store's audit trail.
/// </summary>
public sealed class RestartSurvivalTests
{
    private static async Task<Written> WriteAsync(SiloFactory silo, string store, string contact)
    {
        var client = silo.CreateAuthorizedClient();
        var channel = await (await client.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = "token-restart-0123456789", defaultSubscriptionStatus = "subscribed", throttlePerSecond = 20, defaultCountry = "ES",
        })).Content.ReadAsStringAsync();
        var written = await (await client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}",
            """{"_mobilePhone":"600111222","fields":{"firstName":"Ana","age":31,"vip":true,"since":"2024-02-29"}}""")).ReadJsonAsync();
        Assert.Equal("+34600111222", written.GetProperty("_mobilePhone").GetString());

        // An import creates "{contact}n" straight in storage. "{contact}s" is stored but was never
        // indexed, so the import's create-if-absent meets the record (the SQL providers refuse
        // the insert) and the row is merged by the contact's grain instead.
        var services = silo.Services;
        var stored = ((GrainReference)services.GetRequiredService<IGrainFactory>().GetContact(store, contact + "s")).GrainId;
        Assert.True(await services.GetRequiredService<NewContactWriter>().TryCreateAsync(stored, new ContactUpdate
        {
            Fields = new() { ["firstName"] = new ContactField(FieldType.String, "Stored") },
        }));
        var report = await (await client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(
            $"contactId,_mobilePhone,lastName\n{contact}n,600111333,New\n{contact}s,600111444,Merged\n", Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal((1, 1), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32()));
        var imported = await (await client.GetAsync($"/api/stores/{store}/contacts/{contact}n")).ReadJsonAsync();
        var merged = await (await client.GetAsync($"/api/stores/{store}/contacts/{contact}s")).ReadJsonAsync();
        Assert.Equal("Stored", merged.GetProperty("fields").GetProperty("firstName").GetString());
        Assert.Equal("Merged", merged.GetProperty("fields").GetProperty("lastName").GetString());
        return new Written(channel, written.ToString(), imported.ToString(), merged.ToString());
    }

    private static async Task AssertReadBackAsync(SiloFactory silo, string store, string contact, Written expected)
    {
        var client = silo.CreateAuthorizedClient();
        var channel = await client.GetAsync($"/api/stores/{store}/sms-channel");
        Assert.Equal(HttpStatusCode.OK, channel.StatusCode);
        Assert.Equal(expected.Channel, await channel.Content.ReadAsStringAsync());
        foreach (var (id, json) in new[] { (contact, expected.Contact), (contact + "n", expected.Imported), (contact + "s", expected.Merged) })
        {
            var read = await (await client.GetAsync($"/api/stores/{store}/contacts/{id}")).ReadJsonAsync();
            Assert.Equal(json, read.ToString());
        }

        Assert.Equal([store], (await ListPages.WalkAsync(client, "/api/stores", limit: 10)).Items.Strings("storeId"));
        var trail = (await ListPages.WalkAsync(client, $"/api/stores/{store}/audit", limit: 10)).Items;
        Assert.Equal(["contactsImported", "channelConnected"], trail.Strings("action"));
    }

    private sealed record Written(string Channel, string Contact, string Imported, string Merged);

    [Fact]
    public async Task Sqlite_state_survives_a_full_silo_restart_from_a_missing_file()
    {
        var directory = Directory.CreateTempSubdirectory("orleans-sms-test-");
        var file = Path.Combine(directory.FullName, "nested", "orleans-sms.db");
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = file };
            var (store, contact) = (Ids.Store(), Ids.Contact());
            Written written;
            await using (var first = new SiloFactory(settings))
            {
                written = await WriteAsync(first, store, contact);
            }

            Assert.True(File.Exists(file));
            await using var second = new SiloFactory(settings);
            await AssertReadBackAsync(second, store, contact, written);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task Postgres_state_survives_a_full_silo_restart_from_an_empty_database()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:OrleansSms"] = database.ConnectionString };
        var (store, contact) = (Ids.Store(), Ids.Contact());
        Written written;
        await using (var first = new SiloFactory(settings))
        {
            written = await WriteAsync(first, store, contact);
        }

        await using var second = new SiloFactory(settings);
        await AssertReadBackAsync(second, store, contact, written);
    }
}
