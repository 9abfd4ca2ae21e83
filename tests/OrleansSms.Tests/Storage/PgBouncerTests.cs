using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansSms.Instasent;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Storage;

/// <summary>
/// A silo whose only way to PostgreSQL is PgBouncer in transaction pooling mode, with the
/// connection-string settings deploy/README.md gives for it and a server pool of 3 under the
/// silo's own pool of 16: schema set-up, contacts, an import, a newsletter with its reminders
/// and delivery reports, and a restart all work, and the database never sees more connections
/// than PgBouncer's pool.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PgBouncerTests
{
    private const int ServerPool = 3;
    private const int Contacts = 200;

    [Fact]
    public async Task A_silo_behind_PgBouncer_in_transaction_mode_runs_a_newsletter_exactly_once_on_three_server_connections()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var bouncer = await PgBouncer.StartAsync(ServerPool);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:OrleansSms"] = bouncer.ConnectionString(database),
            ["Storage:PostgresPoolSize"] = "16",
        };
        var store = Ids.Store();
        var phones = Enumerable.Range(0, Contacts).ToDictionary(i => $"c{i}", _ => TestPhones.Next());
        var peak = 0;

        await using (var silo = new SiloFactory(settings, kestrel: true))
        {
            using var api = silo.CreateAuthorizedClient();
            using var simulator = new HttpClient { BaseAddress = silo.Services.GetRequiredService<InstasentEndpoint>().BaseAddress };
            await (await api.PutAsJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = $"tok-{store}", defaultCountry = "ES" })).ReadJsonAsync();
            var csv = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus\n");
            foreach (var (id, phone) in phones)
            {
                csv.Append($"{id},{phone},subscribed\n");
            }

            var imported = await (await api.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
            Assert.Equal(Contacts, imported.GetProperty("created").GetInt32());
            await (await api.PutAsJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
            await (await api.PutRawJsonAsync($"/api/stores/{store}/workflows/news", """
                {"name":"News","trigger":{"type":"newsletter"},"start":"send","nodes":[
                  {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","next":null}]}
                """)).ReadJsonAsync();
            await (await api.PostAsJsonAsync($"/api/stores/{store}/workflows/news/runs", new { runId = "through-bouncer" })).ReadJsonAsync(HttpStatusCode.Accepted);

            var run = await SendingSiloFixture.EventuallyAsync(async () =>
                {
                    peak = Math.Max(peak, await ServerConnectionsAsync(database));
                    return await (await api.GetAsync($"/api/stores/{store}/workflows/news/runs/through-bouncer")).ReadJsonAsync();
                },
                r => r.GetProperty("status").GetString() == "completed", "the newsletter to complete", seconds: 120);
            Assert.Equal(Contacts, run.GetProperty("sent").GetInt64());

            var messages = await simulator.GetFromJsonAsync<List<JsonElement>>("/_sim/messages");
            var perPhone = messages!.GroupBy(m => m.GetProperty("to").GetString()!).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(phones.Values.Order(), perPhone.Keys.Order());
            Assert.All(perPhone, p => Assert.Equal(1, p.Value));
        }

        // A new silo on the same database, through the same PgBouncer, reads everything back.
        await using (var again = new SiloFactory(settings))
        {
            using var api = again.CreateAuthorizedClient();
            var run = await (await api.GetAsync($"/api/stores/{store}/workflows/news/runs/through-bouncer")).ReadJsonAsync();
            Assert.Equal(("completed", Contacts), (run.GetProperty("status").GetString(), run.GetProperty("sent").GetInt32()));
            var history = await (await api.GetAsync($"/api/stores/{store}/contacts/c7/sms")).ReadJsonAsync();
            Assert.Equal("news", Assert.Single(history.EnumerateArray()).GetProperty("smsId").GetString());
            peak = Math.Max(peak, await ServerConnectionsAsync(database));
        }

        Assert.InRange(peak, 1, ServerPool);
    }

    /// <summary>Server connections to the test database, seen directly (not through PgBouncer).</summary>
    private static async Task<int> ServerConnectionsAsync(PostgresTestDatabase database)
    {
        await using var admin = new NpgsqlConnection(PostgresTestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db", admin);
        count.Parameters.AddWithValue("db", database.DatabaseName);
        return Convert.ToInt32(await count.ExecuteScalarAsync());
    }
}
