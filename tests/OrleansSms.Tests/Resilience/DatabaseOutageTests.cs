using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Resilience;

/// <summary>
/// One silo on its own PostgreSQL database, which then refuses every connection (its sessions
/// ended, new ones refused: to the silo, the database is gone) and later comes back. Meanwhile
/// writes answer 503 with Retry-After and change nothing, not even in the silo's memory.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task While_the_database_is_away_writes_answer_503_with_Retry_After_and_change_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var silo = new SiloFactory(new Dictionary<string, string?> { ["ConnectionStrings:OrleansSms"] = database.ConnectionString });
        using var client = silo.CreateAuthorizedClient();
        var (store, known, fresh) = (Ids.Store(), Ids.Contact(), Ids.Contact());
        var path = $"/api/stores/{store}/contacts";

        await (await client.PutAsJsonAsync($"{path}/{known}", new { fields = new { tier = "gold" } })).ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await SetConnectionsAsync(database, allowed: false);
        try
        {
            // An activation in memory whose write fails, and a contact that cannot even be read.
            foreach (var (contact, tier) in new[] { (known, "platinum"), (fresh, "silver") })
            {
                var answer = await client.PutAsJsonAsync($"{path}/{contact}", new { fields = new { tier } });
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(5), answer.Headers.RetryAfter?.Delta);
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
                var body = await answer.Content.ReadAsStringAsync();
                Assert.DoesNotContain("Npgsql", body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("storage provider", body, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await SetConnectionsAsync(database, allowed: true);
        }

        // Back by itself: the refused update was not kept, not even in memory; the same request now lands.
        var after = await SendingSiloFixture.EventuallyAsync(
            async () => await client.GetAsync($"{path}/{known}"), r => r.StatusCode == HttpStatusCode.OK, "the contact to be readable again", seconds: 60);
        Assert.Equal("gold", (await after.ReadJsonAsync()).GetProperty("fields").GetProperty("tier").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{path}/{fresh}")).StatusCode);
        var retried = await (await client.PutAsJsonAsync($"{path}/{fresh}", new { fields = new { tier = "silver" } })).ReadJsonAsync();
        Assert.Equal("silver", retried.GetProperty("fields").GetProperty("tier").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    /// <summary>Takes the database away from the silo (its sessions ended, new ones refused), or gives it back.</summary>
    private static async Task SetConnectionsAsync(PostgresTestDatabase database, bool allowed)
    {
        await using var admin = new NpgsqlConnection(PostgresTestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database.DatabaseName}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!allowed)
        {
            await using var end = new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database.DatabaseName}'", admin);
            await end.ExecuteNonQueryAsync();
        }
    }
}
