using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansSms.Silo.Storage;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Storage;

/// <summary>
/// An erased contact's data is gone from the database itself, read row by row with SQL: its
/// fields, phone, message bodies and reply texts are in no stored state any more, and its own
/// record is left empty. A later report about one of its messages writes nothing.
/// </summary>
public sealed class ErasureStorageTests
{
    /// <summary>A sending silo (bundled simulator, no reports of its own) on the given database.</summary>
    private sealed class Silo(IReadOnlyDictionary<string, string?> storage)
        : SendingSiloFixture(deliveryDelayMs: 3_600_000, storage);

    /// <summary>Reads the storage table: how many stored states hold <c>needle</c>, and a record's payload.</summary>
    private interface IRows
    {
        Task<long> StatesHoldingAsync(string needle, string? exceptState = null);

        /// <summary>The payload of a record: null when the record holds none; throws when there is no record.</summary>
        Task<byte[]?> PayloadAsync(string stateName, string grainKey);
    }

    private static async Task RunAsync(IReadOnlyDictionary<string, string?> storage, IRows rows)
    {
        var silo = new Silo(storage);
        await silo.InitializeAsync();
        try
        {
            var client = silo.Client;
            var store = await silo.StoreAsync();
            var phone = TestPhones.Next();
            var marker = "Marker" + Guid.NewGuid().ToString("N")[..10];
            var contact = await silo.ContactAsync(store, phone, firstName: marker);
            var callback = new Uri((await (await client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync()).GetProperty("callbackUrl").GetString()!).AbsolutePath;

            // A message Instasent took (its body is dropped then), a reply (kept with its text),
            // and a message Instasent cannot take now (kept with its body, to be resent).
            var sent = await (await client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Hola", senderName = "MyShop" })).ReadJsonAsync();
            Assert.Equal("sent", sent.GetProperty("status").GetString());
            var (clientId, providerId) = (sent.GetProperty("clientId").GetString()!, sent.GetProperty("providerId").GetString()!);
            var replyText = "Reply" + Guid.NewGuid().ToString("N")[..10];
            var reply = await (await client.PostAsJsonAsync(callback, new { id = Ids.Unique("in"), clientId, message = replyText })).ReadJsonAsync();
            Assert.Equal("applied", reply.GetProperty("outcome").GetString());
            await (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { status500Rate = 1.0 })).ReadJsonAsync();
            var body = "Body" + Guid.NewGuid().ToString("N")[..10];
            var queued = await (await client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = body, senderName = "MyShop" })).ReadJsonAsync();
            Assert.Equal("queued", queued.GetProperty("status").GetString());
            await (await silo.Simulator.PutAsJsonAsync("/_sim/faults", new { status500Rate = 0.0 })).ReadJsonAsync();

            // Stored as written, before the erasure: where the test looks is where the data is.
            foreach (var needle in new[] { marker, phone, replyText, body, contact })
            {
                Assert.True(await rows.StatesHoldingAsync(needle) > 0, $"'{needle}' is not in any stored state before the erasure");
            }

            Assert.NotNull(await rows.PayloadAsync("contact", $"{store}/{contact}"));

            using (var erased = await client.DeleteAsync($"/api/stores/{store}/contacts/{contact}"))
            {
                Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
            }

            // The store's audit trail keeps the erased id (who erased which contact, when), and only that.
            Assert.Equal(1, await rows.StatesHoldingAsync(contact) - await rows.StatesHoldingAsync(contact, exceptState: "storeAudit"));
            foreach (var needle in new[] { marker, phone, replyText, body, contact })
            {
                Assert.True(await rows.StatesHoldingAsync(needle, exceptState: "storeAudit") == 0, $"'{needle}' is still in a stored state after the erasure");
            }

            Assert.Null(await rows.PayloadAsync("contact", $"{store}/{contact}"));

            // A delivery report about its first message: 200, and nothing written anywhere.
            var late = await (await client.PostAsJsonAsync(callback, new { id = providerId, clientId, status = "delivered", code = 0 })).ReadJsonAsync();
            Assert.Equal("ignored", late.GetProperty("outcome").GetString());
            await (await client.GetAsync($"/api/stores/{store}/contacts/{contact}")).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Null(await rows.PayloadAsync("contact", $"{store}/{contact}"));
            Assert.Equal(0, await rows.StatesHoldingAsync(contact, exceptState: "storeAudit"));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sqlite_rows_hold_nothing_of_an_erased_contact_and_a_later_report_writes_nothing()
    {
        var directory = Directory.CreateTempSubdirectory("orleans-sms-erasure-");
        try
        {
            var file = Path.Combine(directory.FullName, "orleans-sms.db");
            await RunAsync(
                new Dictionary<string, string?> { ["Storage:Provider"] = "sqlite", ["Storage:SqlitePath"] = file },
                new Rows(() => new SqliteConnection(StorageSettings.Sqlite(file).SqliteConnectionString), "instr(payloadbinary, @needle) > 0"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task Postgres_rows_hold_nothing_of_an_erased_contact_and_a_later_report_writes_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await RunAsync(
            new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["ConnectionStrings:OrleansSms"] = database.ConnectionString },
            new Rows(() => new NpgsqlConnection(database.ConnectionString), "position(@needle in payloadbinary) > 0"));
    }

    /// <summary>The storage table read over plain ADO.NET; <paramref name="holds"/> is the dialect's "payload contains @needle".</summary>
    private sealed class Rows(Func<DbConnection> connect, string holds) : IRows
    {
        public async Task<long> StatesHoldingAsync(string needle, string? exceptState = null)
        {
            await using var connection = connect();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM orleansstorage WHERE payloadbinary IS NOT NULL AND {holds} AND graintypestring <> @except";
            Add(command, "@needle", Encoding.UTF8.GetBytes(needle));
            Add(command, "@except", exceptState ?? "");
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }

        public async Task<byte[]?> PayloadAsync(string stateName, string grainKey)
        {
            await using var connection = connect();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT payloadbinary FROM orleansstorage WHERE graintypestring = @state AND grainidextensionstring = @key";
            Add(command, "@state", stateName);
            Add(command, "@key", grainKey);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"no stored record '{stateName}' for {grainKey}");
            var payload = await reader.IsDBNullAsync(0) ? null : (byte[])reader.GetValue(0);
            Assert.False(await reader.ReadAsync(), $"two stored records '{stateName}' for {grainKey}");
            return payload;
        }

        private static void Add(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
