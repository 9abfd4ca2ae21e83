using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

/// <summary>
/// An import shares the silo's thread pool with every other request: while one runs, the silo
/// still answers. On SQLite, whose writes hold their thread while they wait for the database's
/// single write lock, too many writes in flight once held every pool thread for seconds.
/// </summary>
public sealed class ImportResponsivenessTests
{
    [Fact]
    public async Task While_a_large_import_writes_on_sqlite_health_and_other_requests_answer_before_it_finishes()
    {
        const int rows = 8_000;
        var directory = Directory.CreateTempSubdirectory("orleans-sms-import-");
        try
        {
            // The default settings (as a single-silo install runs), but a shorter line limit.
            await using var silo = new SiloFactory(new Dictionary<string, string?>
            {
                ["Storage:SqlitePath"] = Path.Combine(directory.FullName, "state.db"),
                ["Import:MaxLineBytes"] = "2048",
            });
            var client = silo.CreateAuthorizedClient();
            var (store, other) = (Ids.Store(), Ids.Store());
            var (generated, bad) = ImportFiles.Generate(rows, badEvery: rows + 1);
            Assert.Empty(bad);
            byte[] csv = [.. generated, .. Encoding.UTF8.GetBytes($"long,+34600000000,none,{new string('x', 2048)},1\n")];
            using var content = new ByteArrayContent(csv);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

            var import = client.PostAsync($"/api/stores/{store}/contacts/import", content);

            // The writes have begun: the first row's contact is stored.
            await SendingSiloFixture.EventuallyAsync(
                async () => (await client.GetAsync($"/api/stores/{store}/contacts/{ImportFiles.ContactId(1)}")).StatusCode,
                status => status == HttpStatusCode.OK, "the import's first contact", seconds: 120);

            // The liveness probe and an ordinary write of another store answer while it writes...
            (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
            await (await client.PutRawJsonAsync($"/api/stores/{other}/contacts/meanwhile", """{"fields":{"firstName":"Ana"}}""")).ReadJsonAsync();

            // ... before the import has written its last row: a generous bound (thousands of rows' writes).
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/stores/{store}/contacts/{ImportFiles.ContactId(rows)}")).StatusCode);

            var report = await (await import).ReadJsonAsync();
            Assert.Equal(rows, report.GetProperty("created").GetInt32());
            Assert.Equal(1, report.GetProperty("rejectedCount").GetInt32());
            var rejected = report.GetProperty("rejected")[0];
            Assert.Equal(rows + 2, rejected.GetProperty("line").GetInt32());
            Assert.Equal("the line is longer than 2048 bytes", rejected.GetProperty("error").GetString());
            var last = await (await client.GetAsync($"/api/stores/{store}/contacts/{ImportFiles.ContactId(rows)}")).ReadJsonAsync();
            Assert.Equal(ImportFiles.Phone(rows), last.GetProperty("_mobilePhone").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/stores/{store}/contacts/long")).StatusCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
