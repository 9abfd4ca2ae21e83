using System.Net;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Api;

/// <summary>
/// A contact and a channel written through the API survive a full silo restart on the same
/// database, starting from nothing: a missing SQLite file, an empty PostgreSQL database.
/// </summary>
public sealed class RestartSurvivalTests
{
    private static async Task<(string Channel, string Contact)> WriteAsync(SiloFactory silo, string store, string contact)
    {
        var client = silo.CreateAuthorizedClient();
        var channel = await (await client.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = "token-restart-0123456789", defaultSubscriptionStatus = "subscribed", throttlePerSecond = 20, defaultCountry = "ES",
        })).Content.ReadAsStringAsync();
        var written = await (await client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}",
            """{"_mobilePhone":"600111222","fields":{"firstName":"Ana","age":31,"vip":true,"since":"2024-02-29"}}""")).ReadJsonAsync();
        Assert.Equal("+34600111222", written.GetProperty("_mobilePhone").GetString());
        return (channel, written.ToString());
    }

    private static async Task AssertReadBackAsync(SiloFactory silo, string store, string contact, (string Channel, string Contact) expected)
    {
        var client = silo.CreateAuthorizedClient();
        var channel = await client.GetAsync($"/api/stores/{store}/sms-channel");
        Assert.Equal(HttpStatusCode.OK, channel.StatusCode);
        Assert.Equal(expected.Channel, await channel.Content.ReadAsStringAsync());
        var read = await (await client.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync();
        Assert.Equal(expected.Contact, read.ToString());
    }

    [Fact]
    public async Task Sqlite_state_survives_a_full_silo_restart_from_a_missing_file()
    {
        var directory = Directory.CreateTempSubdirectory("orleans-sms-test-");
        var file = Path.Combine(directory.FullName, "nested", "orleans-sms.db");
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = file };
            var (store, contact) = (Ids.Store(), Ids.Contact());
            (string, string) written;
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
        (string, string) written;
        await using (var first = new SiloFactory(settings))
        {
            written = await WriteAsync(first, store, contact);
        }

        await using var second = new SiloFactory(settings);
        await AssertReadBackAsync(second, store, contact, written);
    }
}
