using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Grains.Contacts;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

[Collection(MemorySiloCollection.Name)]
public sealed class ImportApiTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<string> StoreAsync()
    {
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = "token-abcdefghijklmnop", defaultSubscriptionStatus = "subscribed", defaultCountry = "ES",
        })).ReadJsonAsync();
        return store;
    }

    private Task<HttpResponseMessage> ImportAsync(string store, string csv, string contentType = "text/csv") =>
        _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv, Encoding.UTF8, contentType));

    [Fact]
    public async Task An_import_does_not_keep_in_memory_the_contacts_it_woke_but_keeps_those_in_use()
    {
        const int contacts = 300;
        var store = await StoreAsync();
        await ContactActivations.CollectIdleAsync(silo.Factory.Services);
        var before = await ContactActivations.CountAsync(silo.Factory.Services);

        // A contact something else is using (written through the API) stays.
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/busy", """{"fields":{"firstName":"Busy"}}""")).ReadJsonAsync();
        var csv = new StringBuilder("contactId,_mobilePhone\n");
        csv.Append("busy,600100999\n");
        for (var i = 0; i < contacts; i++)
        {
            csv.Append($"cold{i},6001{i:D5}\n");
        }

        var report = await (await ImportAsync(store, csv.ToString())).ReadJsonAsync();
        Assert.Equal(contacts, report.GetProperty("created").GetInt32());
        Assert.Equal(1, report.GetProperty("updated").GetInt32());

        var after = await SendingSiloFixture.EventuallyAsync(() => ContactActivations.CountAsync(silo.Factory.Services),
            count => count <= before + contacts / 20, $"at most {contacts / 20} of the {contacts} imported contacts still active");
        Assert.InRange(after, before + 1, before + contacts / 20); // "busy" among them

        // Gone from memory, not from storage.
        var cold = await (await _client.GetAsync($"/api/stores/{store}/contacts/cold7")).ReadJsonAsync();
        Assert.Equal("+34600100007", cold.GetProperty("_mobilePhone").GetString());

        // New contacts were written without waking their grains; importing the file again wakes
        // every one of them (they exist now), and each must go once its write has landed.
        await ContactActivations.CollectIdleAsync(silo.Factory.Services);
        var beforeUpdate = await ContactActivations.CountAsync(silo.Factory.Services);
        var again = await (await ImportAsync(store, csv.ToString())).ReadJsonAsync();
        Assert.Equal(contacts + 1, again.GetProperty("updated").GetInt32());
        await SendingSiloFixture.EventuallyAsync(() => ContactActivations.CountAsync(silo.Factory.Services),
            count => count <= beforeUpdate + contacts / 20, $"at most {contacts / 20} of the {contacts} re-imported contacts still active");
    }

    [Fact]
    public async Task Good_lines_are_written_and_bad_lines_reported_with_line_and_reason()
    {
        var store = await StoreAsync();
        await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/existing1", """{"fields":{"firstName":"Old"}}""");
        var csv = """
            contactId;_mobilePhone;_smsSubscriptionStatus;firstName;age:number
            new1;600 111 222;subscribed;"Ana; María";31
            existing1;+44 7911 123456;;Bob;
            bad id!;600111223;;Eve;1
            new2;12ab;;Eve;2
            new3;600111224;maybe;Eve;3
            new4;600111225;;Eve;old
            """;

        var report = await (await ImportAsync(store, csv)).ReadJsonAsync();

        Assert.Equal(1, report.GetProperty("created").GetInt32());
        Assert.Equal(1, report.GetProperty("updated").GetInt32());
        var rejected = report.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([4, 5, 6, 7], rejected.Select(r => r.GetProperty("line").GetInt32()));
        Assert.Contains("bad id!", rejected[0].GetProperty("error").GetString());
        Assert.Contains("12ab", rejected[1].GetProperty("error").GetString());
        Assert.Contains("maybe", rejected[2].GetProperty("error").GetString());
        Assert.Contains("old", rejected[3].GetProperty("error").GetString());

        var ana = await (await _client.GetAsync($"/api/stores/{store}/contacts/new1")).ReadJsonAsync();
        Assert.Equal("+34600111222", ana.GetProperty("_mobilePhone").GetString());
        Assert.Equal("Ana; María", ana.GetProperty("fields").GetProperty("firstName").GetString());
        Assert.Equal(31, ana.GetProperty("fields").GetProperty("age").GetDouble());

        var bob = await (await _client.GetAsync($"/api/stores/{store}/contacts/existing1")).ReadJsonAsync();
        Assert.Equal("+447911123456", bob.GetProperty("_mobilePhone").GetString());
        Assert.Equal("Bob", bob.GetProperty("fields").GetProperty("firstName").GetString());

        foreach (var notWritten in new[] { "new2", "new3", "new4" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/stores/{store}/contacts/{notWritten}")).StatusCode);
        }
    }

    [Fact]
    public async Task A_number_a_double_cannot_hold_exactly_rejects_its_line_naming_the_column_and_value()
    {
        var store = await StoreAsync();
        var csv = """
            contactId,orderCount:number
            exact1,9007199254740992
            rounded1,9007199254740993
            """;

        var report = await (await ImportAsync(store, csv)).ReadJsonAsync();

        Assert.Equal(1, report.GetProperty("created").GetInt32());
        var rejected = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal(3, rejected.GetProperty("line").GetInt32());
        var error = rejected.GetProperty("error").GetString();
        Assert.Contains("orderCount", error);
        Assert.Contains("9007199254740993", error);
        Assert.Contains("cannot be stored exactly", error);
        await (await _client.GetAsync($"/api/stores/{store}/contacts/rounded1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_contact_looked_up_before_the_import_created_it_is_found_right_after()
    {
        var store = await StoreAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/stores/{store}/contacts/early")).StatusCode);

        var report = await (await ImportAsync(store, "contactId,_mobilePhone,firstName\nearly,600100200,Ana\n")).ReadJsonAsync();
        Assert.Equal(1, report.GetProperty("created").GetInt32());

        // The import wrote the new contact without its grain: no activation may still answer "absent".
        var early = await (await _client.GetAsync($"/api/stores/{store}/contacts/early")).ReadJsonAsync();
        Assert.Equal("+34600100200", early.GetProperty("_mobilePhone").GetString());
        Assert.Equal("Ana", early.GetProperty("fields").GetProperty("firstName").GetString());
        Assert.Equal("subscribed", early.GetProperty("_smsSubscriptionStatus").GetString());
    }

    [Fact]
    public async Task A_new_id_whose_contact_is_already_stored_is_merged_by_its_grain_not_overwritten()
    {
        var store = await StoreAsync();

        // A contact stored but never indexed (as data from before the index would be): the
        // index calls the id new, the import's create-if-absent finds the record, and the row
        // goes to the contact grain, which merges it.
        var services = silo.Factory.Services;
        var grainId = ((GrainReference)services.GetRequiredService<IGrainFactory>().GetContact(store, "stored")).GrainId;
        Assert.True(await services.GetRequiredService<NewContactWriter>().TryCreateAsync(grainId, new ContactUpdate
        {
            SetsMobilePhone = true,
            MobilePhone = "+34600100300",
            SmsSubscriptionStatus = SubscriptionStatus.NotSubscribed,
            Fields = new() { ["firstName"] = new ContactField(FieldType.String, "Old") },
        }));

        var report = await (await ImportAsync(store, "contactId,lastName\nstored,Ruiz\n")).ReadJsonAsync();

        Assert.Equal(0, report.GetProperty("created").GetInt32());
        Assert.Equal(1, report.GetProperty("updated").GetInt32());
        var contact = await (await _client.GetAsync($"/api/stores/{store}/contacts/stored")).ReadJsonAsync();
        Assert.Equal("+34600100300", contact.GetProperty("_mobilePhone").GetString());
        Assert.Equal("notSubscribed", contact.GetProperty("_smsSubscriptionStatus").GetString());
        Assert.Equal("Old", contact.GetProperty("fields").GetProperty("firstName").GetString());
        Assert.Equal("Ruiz", contact.GetProperty("fields").GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task Writes_through_the_api_racing_an_import_of_the_same_new_contacts_lose_nothing()
    {
        const int contacts = 300;
        var store = await StoreAsync();
        var csv = new StringBuilder("contactId,fromImport\n");
        for (var i = 0; i < contacts; i++)
        {
            csv.Append($"race{i},yes\n");
        }

        // Each contact is created once, by the import or by the PUT, and the other write merges on
        // top. Whether the two writes actually collide varies from run to run: the collision
        // itself is staged deterministically in ContactGrainTests; this checks the outcome at scale.
        // At most 24 PUTs in flight: with the import, within the silo's admission budget
        // (Admission:PermitLimit and QueueLimit, 16 + 16), which answers 503 to more.
        var import = ImportAsync(store, csv.ToString());
        using var inFlight = new SemaphoreSlim(24);
        var puts = Enumerable.Range(0, contacts).Select(async i =>
        {
            await inFlight.WaitAsync();
            try
            {
                var response = await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/race{i}", """{"fields":{"fromApi":"yes"}}""");
                await response.Content.LoadIntoBufferAsync();
                return response;
            }
            finally
            {
                inFlight.Release();
            }
        }).ToList();
        foreach (var put in puts)
        {
            await (await put).ReadJsonAsync();
        }

        var report = await (await import).ReadJsonAsync();
        Assert.Equal(contacts, report.GetProperty("created").GetInt32() + report.GetProperty("updated").GetInt32());
        Assert.Equal(0, report.GetProperty("rejectedCount").GetInt32());
        for (var i = 0; i < contacts; i++)
        {
            var fields = (await (await _client.GetAsync($"/api/stores/{store}/contacts/race{i}")).ReadJsonAsync()).GetProperty("fields");
            Assert.Equal("yes", fields.GetProperty("fromImport").GetString());
            Assert.Equal("yes", fields.GetProperty("fromApi").GetString());
        }
    }

    [Fact]
    public async Task Rows_keyed_by_email_get_a_stable_id_shared_with_the_storefront_event()
    {
        var store = await StoreAsync();
        var report = await (await ImportAsync(store, "\uFEFFemail,firstName\n Ana@Example.com ,Ana\nnot-an-email,Bob\n")).ReadJsonAsync();
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        Assert.Equal(3, report.GetProperty("rejected")[0].GetProperty("line").GetInt32());

        // The storefront's contact-information event finds the same contact by email.
        var accepted = await (await _client.PostRawJsonAsync($"/api/stores/{store}/events",
            """{"type":"contactInfo","properties":{"email":"ana@example.com","lastName":"Ruiz"}}""")).ReadJsonAsync(HttpStatusCode.Accepted);
        var contactId = accepted.GetProperty("contactId").GetString();
        var contact = await (await _client.GetAsync($"/api/stores/{store}/contacts/{contactId}")).ReadJsonAsync();
        Assert.Equal("Ana", contact.GetProperty("fields").GetProperty("firstName").GetString());
        Assert.Equal("Ruiz", contact.GetProperty("fields").GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task A_header_without_an_id_column_is_a_400_and_writes_nothing()
    {
        var store = await StoreAsync();
        await (await ImportAsync(store, "firstName,_mobilePhone\nAna,600111222\n")).AssertValidationProblemAsync("header", "contactId");
    }

    [Fact]
    public async Task A_body_that_is_not_csv_is_a_415()
    {
        var store = await StoreAsync();
        await (await ImportAsync(store, "{}", "application/json")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    private Task<HttpResponseMessage> ImportAsync(string store, byte[] csv)
    {
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return _client.PostAsync($"/api/stores/{store}/contacts/import", content);
    }

    private async Task AssertNotStoredAsync(string store, string contactId) =>
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/stores/{store}/contacts/{contactId}")).StatusCode);

    private static List<(int Line, string Error)> Rejections(System.Text.Json.JsonElement report) =>
        report.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("error").GetString()!)).ToList();

    [Fact]
    public async Task A_17_MB_line_after_8200_good_rows_is_rejected_with_its_line_and_the_rows_around_it_are_imported()
    {
        const int before = 8_200;
        var store = await StoreAsync();
        var (rows, bad) = ImportFiles.Generate(before, badEvery: before + 1);
        Assert.Empty(bad);
        byte[] csv =
        [
            .. rows,
            .. Encoding.UTF8.GetBytes("long1,+34600000001,subscribed,"), .. Enumerable.Repeat((byte)'x', 17 * 1024 * 1024), .. Encoding.UTF8.GetBytes(",1\n"),
            .. Encoding.UTF8.GetBytes("after1,+34699000001,subscribed,After,2\nafter2,+34699000002,none,After,3\n"),
        ];

        var report = await (await ImportAsync(store, csv)).ReadJsonAsync();

        Assert.Equal(before + 2, report.GetProperty("created").GetInt32());
        Assert.Equal([(before + 2, "the line is longer than 65536 bytes")], Rejections(report));
        Assert.Equal(1, report.GetProperty("rejectedCount").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, report.GetProperty("stopped").ValueKind);
        await AssertNotStoredAsync(store, "long1");
        var after = await (await _client.GetAsync($"/api/stores/{store}/contacts/after2")).ReadJsonAsync();
        Assert.Equal("+34699000002", after.GetProperty("_mobilePhone").GetString());
        var last = await (await _client.GetAsync($"/api/stores/{store}/contacts/{ImportFiles.ContactId(before)}")).ReadJsonAsync();
        Assert.Equal(ImportFiles.Phone(before), last.GetProperty("_mobilePhone").GetString());
    }

    [Fact]
    public async Task A_line_that_is_not_utf8_is_rejected_and_nothing_is_stored_as_a_replacement_character()
    {
        var store = await StoreAsync();
        byte[] csv =
        [
            .. Encoding.UTF8.GetBytes("contactId,_mobilePhone,firstName\nlatin1,600100001,Jos"), 0xE9, (byte)'\n', // Latin-1 "José"
            .. Encoding.UTF8.GetBytes("utf8,600100002,José\n"),
        ];

        var report = await (await ImportAsync(store, csv)).ReadJsonAsync();

        Assert.Equal(1, report.GetProperty("created").GetInt32());
        Assert.Equal([(2, "the line is not UTF-8 (byte 0xE9 at byte 21 of the line): save the file as UTF-8")], Rejections(report));
        Assert.Equal(1, report.GetProperty("rejectedCount").GetInt32());
        await AssertNotStoredAsync(store, "latin1");
        var utf8 = await (await _client.GetAsync($"/api/stores/{store}/contacts/utf8")).ReadJsonAsync();
        Assert.Equal("José", utf8.GetProperty("fields").GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task An_unbalanced_quote_rejects_its_line_and_does_not_swallow_the_rows_after_it()
    {
        var store = await StoreAsync();
        const string csv = "contactId,_mobilePhone,firstName\n" +
            "q1,600100003,\"Ana\n" + // the quote never closes
            "q2,600100004,Bob\n" +
            "q3,600100005,\"Eve, \"\"E\"\"\"\n";

        var report = await (await ImportAsync(store, csv)).ReadJsonAsync();

        Assert.Equal(2, report.GetProperty("created").GetInt32());
        Assert.Equal([(2, "unbalanced quote: a quoted cell must close on the line it opens (\"\" inside it is a quote)")], Rejections(report));
        await AssertNotStoredAsync(store, "q1");
        var bob = await (await _client.GetAsync($"/api/stores/{store}/contacts/q2")).ReadJsonAsync();
        Assert.Equal("+34600100004", bob.GetProperty("_mobilePhone").GetString());
        Assert.Equal("Bob", bob.GetProperty("fields").GetProperty("firstName").GetString());
        var eve = await (await _client.GetAsync($"/api/stores/{store}/contacts/q3")).ReadJsonAsync();
        Assert.Equal("Eve, \"E\"", eve.GetProperty("fields").GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task A_header_with_more_field_columns_than_the_limit_is_a_400_and_writes_nothing()
    {
        var store = await StoreAsync();
        var fields = Enumerable.Range(1, 201).Select(i => $"f{i}").ToList();
        var csv = $"contactId,{string.Join(',', fields)}\nwide1,{string.Join(',', fields.Select(_ => "x"))}\n";

        await (await ImportAsync(store, csv)).AssertValidationProblemAsync("header", "201", "at most 200");
        await AssertNotStoredAsync(store, "wide1");

        // 200 are fine; a row with more cells than its header is rejected and the next rows are read.
        var fine = $"contactId,{string.Join(',', fields[..200])}\n" +
            $"wide2,{string.Join(',', fields[..200].Select(_ => "x"))}\n" +
            $"wide3,{string.Join(',', fields.Select(_ => "x"))}\n" +
            "wide4\n";
        var report = await (await ImportAsync(store, fine)).ReadJsonAsync();
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        Assert.Equal([(3, "expected 201 columns, found 202"), (4, "expected 201 columns, found 1")], Rejections(report));
        await AssertNotStoredAsync(store, "wide3");
        var wide = await (await _client.GetAsync($"/api/stores/{store}/contacts/wide2")).ReadJsonAsync();
        Assert.Equal(200, wide.GetProperty("fields").EnumerateObject().Count());
    }

    [Fact]
    public async Task A_body_that_breaks_off_after_rows_were_read_answers_the_summary_of_what_was_imported()
    {
        var store = await StoreAsync();
        var (rows, bad) = ImportFiles.Generate(rows: 5_000, badEvery: 100);
        var importer = silo.Factory.Services.GetRequiredService<OrleansSms.Silo.Contacts.ContactImporter>();

        var report = await importer.ImportAsync(store, new BreakingStream(rows), CancellationToken.None);

        // The parser reads ahead of the rows it hands on: reading stops somewhere in the file, and
        // every line before that point is imported or reported, none after it.
        var stopped = Assert.IsType<OrleansSms.Silo.Contacts.ImportRejection>(report.Stopped);
        Assert.Equal("the rest of the file could not be read: nothing from this line on was imported", stopped.Error);
        Assert.InRange(stopped.Line, 3, 5_002);
        var badBefore = bad.Where(line => line < stopped.Line).ToList();
        Assert.Equal(badBefore, report.Rejected.Select(r => r.Line));
        Assert.Equal(stopped.Line - 2 - badBefore.Count, report.Created);
        var lastRow = stopped.Line - 2; // row n is line n + 1
        var lastRowRead = lastRow % 100 == 0 ? lastRow - 1 : lastRow;
        var last = await (await _client.GetAsync($"/api/stores/{store}/contacts/{ImportFiles.ContactId(lastRowRead)}")).ReadJsonAsync();
        Assert.Equal(ImportFiles.Phone(lastRowRead), last.GetProperty("_mobilePhone").GetString());
        await AssertNotStoredAsync(store, ImportFiles.ContactId(stopped.Line - 1));

        // Broken before any row was read: nothing was written, and the failure is the answer.
        await Assert.ThrowsAsync<IOException>(() => importer.ImportAsync(Ids.Store(), new BreakingStream(Encoding.UTF8.GetBytes("contactId\n")), CancellationToken.None));
    }

    /// <summary>A body whose connection breaks after <paramref name="bytes"/>.</summary>
    private sealed class BreakingStream(byte[] bytes) : Stream
    {
        private int _position;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == bytes.Length)
            {
                throw new IOException("The connection was reset.");
            }

            var count = Math.Min(buffer.Length, bytes.Length - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return ValueTask.FromResult(count);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_100k_row_file_imports_the_good_rows_and_reports_every_bad_one()
    {
        var store = await StoreAsync();
        var (csv, badLines) = ImportFiles.Generate(rows: 100_000, badEvery: 997);
        using var content = new StreamContent(new MemoryStream(csv));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");

        var report = await (await _client.PostAsync($"/api/stores/{store}/contacts/import", content)).ReadJsonAsync();

        Assert.Equal(100_000 - badLines.Count, report.GetProperty("created").GetInt32());
        Assert.Equal(0, report.GetProperty("updated").GetInt32());
        Assert.Equal(badLines, report.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).ToList());
        Assert.Equal(badLines.Count, report.GetProperty("rejectedCount").GetInt32());

        var sample = await (await _client.GetAsync($"/api/stores/{store}/contacts/{ImportFiles.ContactId(12_345)}")).ReadJsonAsync();
        Assert.Equal(ImportFiles.Phone(12_345), sample.GetProperty("_mobilePhone").GetString());
    }
}

/// <summary>Generated import files: row i has id <c>c{i}</c> and a distinct Spanish mobile number.</summary>
public static class ImportFiles
{
    public static string ContactId(int row) => $"c{row}";

    public static string Phone(int row) => $"+346{row:D8}";

    /// <summary>A CSV of <paramref name="rows"/> data rows; every <paramref name="badEvery"/>th has a bad phone.</summary>
    public static (byte[] Csv, List<int> BadLines) Generate(int rows, int badEvery)
    {
        var text = new StringBuilder(rows * 48);
        text.Append("contactId,_mobilePhone,_smsSubscriptionStatus,firstName,score:number\n");
        var bad = new List<int>();
        for (var row = 1; row <= rows; row++)
        {
            var line = row + 1; // the header is line 1
            var isBad = row % badEvery == 0;
            if (isBad)
            {
                bad.Add(line);
            }

            text.Append(ContactId(row)).Append(',')
                .Append(isBad ? "call-me" : Phone(row)).Append(',')
                .Append(row % 2 == 0 ? "subscribed" : "none").Append(',')
                .Append("Name").Append(row).Append(',')
                .Append(row % 100).Append('\n');
        }

        return (Encoding.UTF8.GetBytes(text.ToString()), bad);
    }
}
