using System.Text;
using OrleansSms.Domain.Contacts;

namespace OrleansSms.Domain.Tests.Contacts;

// Measures the process's heap: other tests allocating at the same time would show in it.
[Collection(MemoryMeasurements.Name)]
public class ContactCsvReaderTests
{
    private static Task<List<ContactImportLine>> Read(string text, string? country = "ES", bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom) bytes = [.. Encoding.UTF8.Preamble, .. bytes];
        return Read(bytes, country: country);
    }

    /// <param name="chunk">The most bytes the body gives per read (1: every line break and character split across reads).</param>
    private static async Task<List<ContactImportLine>> Read(byte[] bytes, ContactCsvLimits? limits = null, int chunk = int.MaxValue, string? country = "ES")
    {
        var lines = new List<ContactImportLine>();
        await foreach (var line in ContactCsvReader.ReadAsync(new ChunkedStream(bytes, chunk), country, limits ?? ContactCsvLimits.Default))
        {
            lines.Add(line);
        }
        return lines;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static ContactPatch Ok(ContactImportLine line)
    {
        Assert.Null(line.Error);
        Assert.NotNull(line.Patch);
        Assert.NotNull(line.ContactId);
        return line.Patch;
    }

    [Fact]
    public async Task Reads_system_and_typed_custom_columns()
    {
        var lines = await Read(
            "contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,firstName,age:number,vip:boolean,birthday:date,city:string\n" +
            "c1,600 111 222,active,subscribed,Ana,34,TRUE,1990-12-31,Madrid\n" +
            "c2,+44 7911 123456,paused,notSubscribed,Bob,40.50,0,2024-05-01T10:00:00+02:00,London\n");

        Assert.Equal(2, lines.Count);
        var p1 = Ok(lines[0]);
        Assert.Equal(2, lines[0].Line);
        Assert.Equal("c1", lines[0].ContactId);
        Assert.True(p1.SetsMobilePhone);
        Assert.Equal("+34600111222", p1.MobilePhone);
        Assert.Equal(PhoneStatus.Active, p1.MobilePhoneStatus);
        Assert.Equal(SubscriptionStatus.Subscribed, p1.SmsSubscriptionStatus);
        Assert.Equal(new CustomField(FieldType.String, "Ana"), p1.Fields["firstName"]);
        Assert.Equal(new CustomField(FieldType.Number, "34"), p1.Fields["age"]);
        Assert.Equal(new CustomField(FieldType.Boolean, "true"), p1.Fields["vip"]);
        Assert.Equal(new CustomField(FieldType.Date, "1990-12-31"), p1.Fields["birthday"]);
        Assert.Equal(new CustomField(FieldType.String, "Madrid"), p1.Fields["city"]);
        Assert.Equal(5, p1.Fields.Count);

        var p2 = Ok(lines[1]);
        Assert.Equal(3, lines[1].Line);
        Assert.Equal("+447911123456", p2.MobilePhone);
        Assert.Equal(PhoneStatus.Paused, p2.MobilePhoneStatus);
        Assert.Equal(SubscriptionStatus.NotSubscribed, p2.SmsSubscriptionStatus);
        Assert.Equal(new CustomField(FieldType.Number, "40.5"), p2.Fields["age"]);
        Assert.Equal(new CustomField(FieldType.Boolean, "false"), p2.Fields["vip"]);
        Assert.Equal(new CustomField(FieldType.Date, "2024-05-01T08:00:00Z"), p2.Fields["birthday"]);
    }

    [Fact]
    public async Task Handles_bom_semicolons_and_crlf()
    {
        var lines = await Read("contactId;_mobilePhone;score:number\r\nc1;600-111-222;1.5\r\nc2;;\r\n", bom: true);
        Assert.Equal(2, lines.Count);
        Assert.Equal("c1", lines[0].ContactId);
        Assert.Equal("+34600111222", Ok(lines[0]).MobilePhone);
        Assert.Equal("1.5", Ok(lines[0]).Fields["score"]!.Value);
        Assert.Equal(3, lines[1].Line);
        Assert.False(Ok(lines[1]).SetsMobilePhone);
    }

    [Fact]
    public async Task Quoted_fields_hold_separators_and_quotes_but_not_line_breaks()
    {
        var lines = await Read(
            "contactId,note,city\n" +
            "c1,\"Hello, \"\"world\"\"\",Madrid\n" +
            "c2,\"two\nlines\",\"Sevilla, ES\"\n" + // lines 3 and 4: a quoted cell may not span them
            "c3,plain,Bilbao\n" +
            "bad id,x,y\n");

        Assert.Equal(
        [
            (2, "c1", null),
            (3, null, "unbalanced quote: a quoted cell must close on the line it opens (\"\" inside it is a quote)"),
            (4, null, "unbalanced quote: a quoted cell must close on the line it opens (\"\" inside it is a quote)"),
            (5, "c3", null),
        ], lines.Take(4).Select(l => (l.Line, l.ContactId, l.Error)));
        Assert.Equal("Hello, \"world\"", Ok(lines[0]).Fields["note"]!.Value);
        Assert.Equal(6, lines[4].Line);
        Assert.NotNull(lines[4].Error);
    }

    [Fact]
    public async Task An_unbalanced_quote_rejects_its_line_and_not_the_rows_after_it()
    {
        var lines = await Read(
            "contactId,firstName,_mobilePhone\n" +
            "c1,\"Ana,600111221\n" + // never closes
            "c2,Bob,600111222\n" +
            "c3,O\"Brien,600111223\n" + // a stray quote in a bare cell
            "c4,\"Eve \"\"E\"\"\",600111224\n" +
            "c5,\"Zoe\",\"600111225\n");

        Assert.Equal([2, 3, 4, 5, 6], lines.Select(l => l.Line));
        Assert.All(new[] { lines[0], lines[2], lines[4] }, l =>
        {
            Assert.StartsWith("unbalanced quote", l.Error);
            Assert.Null(l.Patch);
            Assert.Null(l.ContactId);
        });
        Assert.Equal("+34600111222", Ok(lines[1]).MobilePhone);
        Assert.Equal("Bob", Ok(lines[1]).Fields["firstName"]!.Value);
        Assert.Equal("Eve \"E\"", Ok(lines[3]).Fields["firstName"]!.Value);
    }

    [Fact]
    public async Task A_line_over_the_byte_limit_is_rejected_and_the_next_lines_parse()
    {
        var limits = new ContactCsvLimits(MaxLineBytes: 1024);
        var atLimit = "c2," + new string('é', (1024 - 3) / 2) + "x"; // é is two bytes: 1,024 bytes, 514 characters
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(atLimit));
        var csv = Utf8(
            "contactId,note\n" +
            atLimit + "\n" +
            "c3," + new string('x', 1022) + "\r\n" + // 1,025 bytes
            "c4,short\r" +
            "c5," + new string('y', 100_000) + "\n" +
            "c6,last\n" +
            "c7," + new string('z', 2000)); // the last line, without a line break

        foreach (var chunk in new[] { int.MaxValue, 4096, 1 })
        {
            var lines = await Read(csv, limits, chunk);
            Assert.Equal(
            [
                (2, "c2", null),
                (3, null, "the line is longer than 1024 bytes"),
                (4, "c4", null),
                (5, null, "the line is longer than 1024 bytes"),
                (6, "c6", null),
                (7, null, "the line is longer than 1024 bytes"),
            ], lines.Select(l => (l.Line, l.ContactId, l.Error)));
            Assert.Equal(atLimit[3..], Ok(lines[0]).Fields["note"]!.Value);
            Assert.Equal("short", Ok(lines[2]).Fields["note"]!.Value);
        }
    }

    [Fact]
    public async Task A_line_that_is_not_utf8_is_rejected_naming_the_byte_and_nothing_becomes_a_replacement_character()
    {
        byte[] csv =
        [
            .. Utf8("contactId,firstName\nc1,Jos"), 0xE9, .. Utf8("\n"), // Latin-1 "José"
            .. Utf8("c2,José\n"),
            .. Utf8("c3,Ren"), 0xC3, .. Utf8("\n"), // a character cut short
            .. Utf8("c4,"), 0xED, 0xA0, 0x80, .. Utf8("\n"), // an encoded surrogate
            .. Utf8("c5,Zoë\n"),
        ];

        foreach (var chunk in new[] { int.MaxValue, 1 })
        {
            var lines = await Read(csv, chunk: chunk);
            Assert.Equal(
            [
                (2, null, "the line is not UTF-8 (byte 0xE9 at byte 7 of the line): save the file as UTF-8"),
                (3, "c2", null),
                (4, null, "the line is not UTF-8 (byte 0xC3 at byte 7 of the line): save the file as UTF-8"),
                (5, null, "the line is not UTF-8 (byte 0xED at byte 4 of the line): save the file as UTF-8"),
                (6, "c5", null),
            ], lines.Select(l => (l.Line, l.ContactId, l.Error)));
            Assert.Equal("José", Ok(lines[1]).Fields["firstName"]!.Value);
            Assert.Equal("Zoë", Ok(lines[4]).Fields["firstName"]!.Value);
            Assert.DoesNotContain(lines, l => l.Patch?.Fields.Values.Any(f => f!.Value.Contains('\uFFFD')) == true);
        }
    }

    [Fact]
    public async Task A_line_with_a_control_character_is_rejected_naming_it_and_a_tab_is_text()
    {
        var csv = Utf8("contactId,firstName\nc1,An\0a\nc2,\u001b[31mAna\nc3,Ana\u007f\nc4,Ana\u0085\nc5,Ana\tMar\u00eda\n");
        foreach (var chunk in new[] { int.MaxValue, 1 })
        {
            var lines = await Read(csv, chunk: chunk);
            Assert.Equal(
            [
                (2, null, "the line has a control character (U+0000 at character 6 of the line): such characters are not text"),
                (3, null, "the line has a control character (U+001B at character 4 of the line): such characters are not text"),
                (4, null, "the line has a control character (U+007F at character 7 of the line): such characters are not text"),
                (5, null, "the line has a control character (U+0085 at character 7 of the line): such characters are not text"),
                (6, "c5", null),
            ], lines.Select(l => (l.Line, l.ContactId, l.Error)));
            Assert.Equal("Ana\tMar\u00eda", Ok(lines[4]).Fields["firstName"]!.Value);
        }
    }

    [Fact]
    public async Task Line_breaks_and_a_bom_split_across_reads_frame_the_same_lines()
    {
        var csv = Utf8("\uFEFFcontactId;name\r\nc1;\"a;b\"\rc2;ü\r\n\r\nc3;x\n\nc4;y\r");
        foreach (var chunk in new[] { int.MaxValue, 1, 2, 3 })
        {
            var lines = await Read(csv, chunk: chunk);
            Assert.Equal([(2, "c1"), (3, "c2"), (5, "c3"), (7, "c4")], lines.Select(l => (l.Line, l.ContactId)));
            Assert.Equal("a;b", Ok(lines[0]).Fields["name"]!.Value);
            Assert.Equal("ü", Ok(lines[1]).Fields["name"]!.Value);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'c', 0 }, "not UTF-8")] // UTF-16
    [InlineData(new byte[] { (byte)'c', (byte)'o', (byte)'n', (byte)'"', (byte)'\n' }, "unbalanced quote")]
    public async Task A_header_line_that_fails_the_line_checks_rejects_the_file(byte[] csv, string messagePart)
    {
        var ex = await Assert.ThrowsAsync<ContactCsvHeaderException>(() => Read(csv));
        Assert.Contains(messagePart, ex.Message);
    }

    [Fact]
    public async Task A_header_over_the_byte_limit_rejects_the_file()
    {
        var ex = await Assert.ThrowsAsync<ContactCsvHeaderException>(() =>
            Read(Utf8("contactId," + string.Join(',', Enumerable.Range(0, 300).Select(i => $"field{i}")) + "\nc1\n"), new ContactCsvLimits(MaxLineBytes: 1024)));
        Assert.Contains("longer than 1024 bytes", ex.Message);
    }

    [Fact]
    public async Task A_header_may_have_as_many_field_columns_as_the_limit_and_no_more()
    {
        var limits = new ContactCsvLimits(MaxFields: 3);
        const string system = "contactId,email,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus";
        var lines = await Read(Utf8(system + ",a,b,c\nc1,,,,,1,2,3\n"), limits);
        Assert.Equal(3, Ok(lines.Single()).Fields.Count);

        foreach (var header in new[] { system + ",a,b,c,d", "contactId,a,b,c,d", "contactId," + string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"f{i}")) })
        {
            var ex = await Assert.ThrowsAsync<ContactCsvHeaderException>(() => Read(Utf8(header + "\nc1\n"), limits));
            Assert.Contains("at most 3 custom fields", ex.Message);
        }
    }

    [Fact]
    public async Task A_row_with_more_cells_than_the_header_is_rejected_and_the_next_rows_parse()
    {
        var lines = await Read("contactId,firstName\nc1,Ana\nc2,Bob," + string.Join(',', Enumerable.Range(0, 5_000)) + "\nc3,Eve\n");
        Assert.Equal([(2, null), (3, "expected 2 columns, found 5002"), (4, null)], lines.Select(l => (l.Line, l.Error)));
    }

    [Fact]
    public async Task Quoted_header_names_work() =>
        Assert.Equal("c1", (await Read("\"contactId\",\"first Name\"\nc1,x\n".Replace("first Name", "firstName")))[0].ContactId);

    [Fact]
    public async Task Email_keyed_rows_get_a_stable_id_and_the_email_field()
    {
        var lines = await Read("Email,firstName\n Ana@Example.COM ,Ana\nana@example.com,Ana2\n");
        Assert.Equal(2, lines.Count);
        var id = ContactIds.FromEmail("ana@example.com");
        Assert.Equal(id, lines[0].ContactId);
        Assert.Equal(id, lines[1].ContactId);
        Assert.Equal(new CustomField(FieldType.String, "ana@example.com"), Ok(lines[0]).Fields["email"]);
        Assert.Equal("Ana", Ok(lines[0]).Fields["firstName"]!.Value);
    }

    [Fact]
    public async Task ContactId_wins_over_email_when_present()
    {
        var lines = await Read("contactId,email\nc1,ana@example.com\n,bob@example.com\nc3,\n,\n");
        Assert.Equal(4, lines.Count);
        Assert.Equal("c1", lines[0].ContactId);
        Assert.Equal("ana@example.com", Ok(lines[0]).Fields["email"]!.Value);
        Assert.Equal(ContactIds.FromEmail("bob@example.com"), lines[1].ContactId);
        Assert.Equal("c3", lines[2].ContactId);
        Assert.Empty(Ok(lines[2]).Fields);
        Assert.Equal("contactId and email are both empty", lines[3].Error);
        Assert.Equal(5, lines[3].Line);
    }

    [Fact]
    public async Task Empty_cells_leave_values_unchanged()
    {
        var lines = await Read("contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,firstName,age:number\nc1,,,, ,\n");
        var patch = Ok(lines.Single());
        Assert.False(patch.SetsMobilePhone);
        Assert.Null(patch.MobilePhone);
        Assert.Null(patch.MobilePhoneStatus);
        Assert.Null(patch.SmsSubscriptionStatus);
        Assert.Empty(patch.Fields);
    }

    [Fact]
    public async Task Header_names_are_trimmed_and_system_names_case_insensitive()
    {
        var lines = await Read(" CONTACTID , _MobilePhone ,_SMSSubscriptionStatus\nc1,600111222,Subscribed\n");
        var patch = Ok(lines.Single());
        Assert.Equal("+34600111222", patch.MobilePhone);
        Assert.Equal(SubscriptionStatus.Subscribed, patch.SmsSubscriptionStatus);
    }

    [Fact]
    public async Task Bad_lines_are_reported_with_line_and_reason_while_good_lines_parse()
    {
        var lines = await Read(
            "contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,age:number,vip:boolean,birthday:date,email\n" + // 1
            "ok1,600111222,active,subscribed,1,true,2000-01-01,a@example.com\n" + // 2
            "ok2,,,,,,,\n" + // 3
            "c3,12ab,,,,,,\n" + // 4
            "c4,,sleeping,,,,,\n" + // 5
            "c5,,,maybe,,,,\n" + // 6
            "c6,,,,twelve,,,\n" + // 7
            "c7,,,,,si,,\n" + // 8
            "c8,,,,,,31/12/2000,\n" + // 9
            "c9,,,,,,,not-an-email\n" + // 10
            "way-too-long-contact-id-0123456789,,,,,,,\n" + // 11
            "c11,600111222\n" + // 12
            "\n" + // 13 blank: skipped
            "c12,123,bounced,,x,,,\n" + // 14 two errors
            ",,,,,,,\n" + // 15
            "ok3,+34 600 111 333,,,,,,\n"); // 16

        Assert.Equal(
        [
            (2, null),
            (3, null),
            (4, "_mobilePhone: \"12ab\" contains letters"),
            (5, "_mobilePhoneStatus: \"sleeping\" is not a phone status (active, bounced, paused)"),
            (6, "_smsSubscriptionStatus: \"maybe\" is not a subscription status (subscribed, notSubscribed, none)"),
            (7, "age:number: \"twelve\" is not a number"),
            (8, "vip:boolean: \"si\" is not a boolean (true, false, 1, 0)"),
            (9, "birthday:date: \"31/12/2000\" " + ContactValues.DateError),
            (10, "email: \"not-an-email\" is not a valid email"),
            (11, "contactId: \"way-too-long-contact-id-0123456789\" is not a valid contact id (1-32 characters of A-Z a-z 0-9 _ -)"),
            (12, "expected 8 columns, found 2"),
            (14, "_mobilePhone: \"123\" is too short; age:number: \"x\" is not a number"),
            (15, "contactId and email are both empty"),
            (16, null),
        ], lines.Select(l => (l.Line, l.Error)).ToArray());

        foreach (var line in lines)
        {
            Assert.True(line.Patch is null ^ line.Error is null);
        }
        Assert.Equal("c3", lines[2].ContactId); // the id is known even when the row is rejected
        Assert.Equal("+34600111333", lines[^1].Patch!.MobilePhone);
    }

    [Fact]
    public async Task National_phone_without_default_country_is_a_row_error()
    {
        var lines = await Read("contactId,_mobilePhone\nc1,600111222\nc2,+34600111222\n", country: null);
        Assert.Equal("_mobilePhone: \"600111222\" national number needs the store's defaultCountry", lines[0].Error);
        Assert.Equal("+34600111222", Ok(lines[1]).MobilePhone);
    }

    [Fact]
    public async Task Long_values_are_shortened_in_errors()
    {
        var lines = await Read("contactId,age:number\nc1," + new string('9', 70) + "x" + new string('9', 200) + "\n");
        Assert.True(lines[0].Error!.Length < 200);
        Assert.Contains("…", lines[0].Error);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("firstName,_mobilePhone\n", "contactId or an email")]
    [InlineData("contactId,first name\n", "first name")]
    [InlineData("contactId,first-name\n", "first-name")]
    [InlineData("contactId,_custom\n", "unknown system column")]
    [InlineData("contactId,age:integer\n", "integer")]
    [InlineData("contactId,firstName,firstName:string\n", "duplicates")]
    [InlineData("contactId,ContactID\n", "duplicates")]
    [InlineData("email,contactId,EMAIL\n", "duplicates")]
    [InlineData("contactId,_mobilePhone,_MOBILEPHONE\n", "duplicates")]
    [InlineData("contactId,,city\n", "column 2 has no name")]
    [InlineData("contactId,_mobilePhone:string\n", "cannot have a type")]
    [InlineData("contactId:number\n", "contactId or an email")] // a typed column is a custom field
    [InlineData("contactId,a123456789012345678901234567890123456789012345678901234567890123x\n", "longer than 64")]
    public async Task Bad_headers_throw(string csv, string messagePart)
    {
        var ex = await Assert.ThrowsAsync<ContactCsvHeaderException>(() => Read(csv));
        Assert.Contains(messagePart, ex.Message);
    }

    [Fact]
    public async Task Header_only_file_has_no_lines() =>
        Assert.Empty(await Read("contactId,_mobilePhone\n"));

    [Fact]
    public async Task Single_column_file_works()
    {
        var lines = await Read("contactId\nc1\nc2");
        Assert.Equal(["c1", "c2"], lines.Select(l => l.ContactId));
        Assert.Equal(3, lines[1].Line);
    }

    [Fact]
    public async Task Honours_cancellation()
    {
        using var cts = new CancellationTokenSource();
        var stream = new GeneratedCsvStream(1_000);
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in ContactCsvReader.ReadAsync(stream, "ES", cts.Token))
            {
                if (++count == 10) cts.Cancel();
            }
        });
        Assert.Equal(10, count);
    }

    [Fact]
    public async Task Streams_100k_rows_in_bounded_memory()
    {
        const int rows = 100_000;
        var stream = new GeneratedCsvStream(rows);
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long producedAtHalf = 0, memoryAtHalf = 0;
        int count = 0, errors = 0, expectedLine = 2;
        await foreach (var line in ContactCsvReader.ReadAsync(stream, "ES"))
        {
            Assert.Equal(expectedLine++, line.Line);
            if (line.Error is not null)
            {
                errors++;
                Assert.Equal(999, (line.Line - 2) % 1000); // only the planted bad rows
                Assert.StartsWith("_mobilePhone: \"6abc", line.Error);
            }
            else
            {
                var i = line.Line - 2;
                Assert.Equal($"c{i}", line.ContactId);
                Assert.Equal($"+346{i:D8}", line.Patch!.MobilePhone);
                Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Patch.Fields["n"]!.Value);
                Assert.Equal("Name, \"quoted\"", line.Patch.Fields["name"]!.Value);
            }
            if (++count == rows / 2)
            {
                producedAtHalf = stream.BytesProduced;
                memoryAtHalf = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        Assert.Equal(rows, count);
        Assert.Equal(rows / 1000, errors);
        // Streaming: halfway through, the reader has pulled only a buffer's worth past the middle.
        Assert.True(producedAtHalf < stream.BytesProduced * 0.6, $"read ahead {producedAtHalf} of {stream.BytesProduced}");
        // Bounded memory: far below the size of the file (several MB of text).
        Assert.True(stream.BytesProduced > 5_000_000, $"file is {stream.BytesProduced} bytes");
        Assert.True(memoryAtHalf - before < 2_000_000, $"grew by {memoryAtHalf - before} bytes");
    }

    /// <summary>A body that arrives at most <paramref name="chunk"/> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : Stream
    {
        private int _position;

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(buffer.Length, chunk), bytes.Length - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

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

    /// <summary>A forward-only stream that generates CSV rows on demand.</summary>
    private sealed class GeneratedCsvStream(int rows) : Stream
    {
        private byte[] _pending = Encoding.UTF8.GetBytes("contactId,_mobilePhone,_mobilePhoneStatus,n:number,name,vip:boolean,joined:date\n");
        private int _offset;
        private int _next;

        public long BytesProduced { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                if (_offset == _pending.Length)
                {
                    if (_next == rows) break;
                    var i = _next++;
                    var phone = i % 1000 == 999 ? "6abc" : $"6{i:D8}";
                    _pending = Encoding.UTF8.GetBytes($"c{i},{phone},active,{i},\"Name, \"\"quoted\"\"\",{(i % 2 == 0 ? "true" : "false")},2024-01-{1 + i % 28:D2}\n");
                    _offset = 0;
                }
                var n = Math.Min(buffer.Length - written, _pending.Length - _offset);
                _pending.AsSpan(_offset, n).CopyTo(buffer[written..]);
                _offset += n;
                written += n;
            }
            BytesProduced += written;
            return written;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

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
}

/// <summary>Tests that read the process's heap run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    public const string Name = "memory measurements";
}
