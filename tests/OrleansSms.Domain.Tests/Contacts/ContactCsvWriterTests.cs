using System.Text;
using OrleansSms.Domain.Contacts;

namespace OrleansSms.Domain.Tests.Contacts;

/// <summary>What the export writes, the import reads back as the same contact.</summary>
public class ContactCsvWriterTests
{
    private static async Task<List<ContactImportLine>> ReadAsync(string csv)
    {
        var lines = new List<ContactImportLine>();
        await foreach (var line in ContactCsvReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "ES"))
        {
            lines.Add(line);
        }

        return lines;
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "\"\"")]
    [InlineData("plain", "plain")]
    [InlineData("007", "007")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("ñandú ✓ 😀", "ñandú ✓ 😀")]
    public void Cells_are_quoted_only_when_they_must_be(string? value, string written) =>
        Assert.Equal(written, ContactCsvWriter.Escape(value));

    [Theory]
    [InlineData("age:number", "age", FieldType.Number)]
    [InlineData("email:string", "email", FieldType.String)]
    [InlineData("since:DATE", "since", FieldType.Date)]
    public void A_field_column_reads_from_its_header(string header, string name, FieldType type)
    {
        Assert.True(FieldColumn.TryParse(header, out var column));
        Assert.Equal(new FieldColumn(name, type), column);
    }

    [Theory]
    [InlineData("age")]
    [InlineData(":number")]
    [InlineData("_x:number")]
    [InlineData("age:integer")]
    [InlineData(null)]
    public void Other_headers_are_not_field_columns(string? header) => Assert.False(FieldColumn.TryParse(header, out _));

    [Fact]
    public async Task Every_value_and_type_comes_back_through_the_import()
    {
        FieldColumn[] columns =
        [
            new("code", FieldType.Number), new("code", FieldType.String), new("contactId", FieldType.String), new("email", FieldType.String),
            new("Email", FieldType.String), new("note", FieldType.String), new("since", FieldType.Date), new("vip", FieldType.Boolean),
        ];
        var text = new StringWriter();
        var writer = new ContactCsvWriter(text, columns);
        writer.WriteHeader();
        writer.WriteRow("c-1", "+34600111222", PhoneStatus.Bounced, SubscriptionStatus.Subscribed,
            ["1E-07", null, "not-the-id", "Ana@Example.COM", "second@x.es", "Hola, \"amigo\"; ñ", "2024-02-29", "true"]);
        writer.WriteRow("c-2", null, PhoneStatus.Paused, SubscriptionStatus.NotSubscribed,
            [null, "007", null, "not an email", null, "", "2024-02-29T10:00:00Z", "false"]);
        writer.WriteRow("c-3", null, PhoneStatus.Active, SubscriptionStatus.None, [null, null, null, null, null, null, null, null]);

        var csv = text.ToString();
        Assert.StartsWith(
            "contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,code:number,code:string,contactId:string,email:string,Email:string,note:string,since:date,vip:boolean\n",
            csv);
        var lines = await ReadAsync(csv);

        Assert.All(lines, line => Assert.Null(line.Error));
        var first = lines[0].Patch!;
        Assert.Equal("c-1", lines[0].ContactId);
        Assert.Equal(("+34600111222", PhoneStatus.Bounced, SubscriptionStatus.Subscribed), (first.MobilePhone, first.MobilePhoneStatus, first.SmsSubscriptionStatus));
        Assert.Equal(new CustomField(FieldType.Number, "1E-07"), first.Fields["code"]);
        Assert.Equal(new CustomField(FieldType.String, "not-the-id"), first.Fields["contactId"]);
        Assert.Equal(new CustomField(FieldType.String, "Ana@Example.COM"), first.Fields["email"]);
        Assert.Equal(new CustomField(FieldType.String, "second@x.es"), first.Fields["Email"]);
        Assert.Equal(new CustomField(FieldType.String, "Hola, \"amigo\"; ñ"), first.Fields["note"]);
        Assert.Equal(new CustomField(FieldType.Date, "2024-02-29"), first.Fields["since"]);
        Assert.Equal(new CustomField(FieldType.Boolean, "true"), first.Fields["vip"]);
        Assert.Equal(7, first.Fields.Count);

        var second = lines[1].Patch!;
        Assert.False(second.SetsMobilePhone);
        Assert.Equal(new CustomField(FieldType.String, "007"), second.Fields["code"]);
        Assert.Equal(new CustomField(FieldType.String, "not an email"), second.Fields["email"]);
        Assert.Equal(new CustomField(FieldType.String, ""), second.Fields["note"]);
        Assert.Equal(new CustomField(FieldType.Date, "2024-02-29T10:00:00Z"), second.Fields["since"]);
        Assert.Equal(new CustomField(FieldType.Boolean, "false"), second.Fields["vip"]);
        Assert.Equal(5, second.Fields.Count);

        Assert.Empty(lines[2].Patch!.Fields);
        Assert.Equal((PhoneStatus.Active, SubscriptionStatus.None), (lines[2].Patch!.MobilePhoneStatus, lines[2].Patch!.SmsSubscriptionStatus));
    }

    [Fact]
    public async Task A_quoted_empty_cell_is_the_empty_string_only_in_a_string_field_and_an_empty_cell_leaves_the_value()
    {
        var lines = await ReadAsync("contactId,note,age:number,_mobilePhone,tag:string\nc1,\"\",\"\",\"\",\nc2,,\" \",,\" \"\n");

        Assert.Equal(new CustomField(FieldType.String, ""), lines[0].Patch!.Fields["note"]);
        Assert.False(lines[0].Patch!.Fields.ContainsKey("age"));
        Assert.False(lines[0].Patch!.SetsMobilePhone);
        Assert.False(lines[0].Patch!.Fields.ContainsKey("tag"));
        Assert.Equal(["tag"], lines[1].Patch!.Fields.Keys);
        Assert.Equal("", lines[1].Patch!.Fields["tag"]!.Value);
    }

    [Fact]
    public async Task Two_columns_that_set_one_field_on_one_line_reject_the_line_naming_them()
    {
        var lines = await ReadAsync("contactId,code:number,code:string,email,email:number\nc1,7,007,,\nc2,7,,,\nc3,,,a@x.es,5\n");

        Assert.Contains("code:string", lines[0].Error);
        Assert.Contains("sets the field code", lines[0].Error);
        Assert.Equal(new CustomField(FieldType.Number, "7"), lines[1].Patch!.Fields["code"]);
        Assert.Contains("both set the field email", lines[2].Error);
    }

    [Theory]
    [InlineData("contactId,email,email:string\n")]
    [InlineData("contactId,code,code:string\n")]
    [InlineData("contactId,code:number,code:NUMBER\n")]
    public async Task One_field_and_type_twice_in_a_header_is_a_duplicate(string csv)
    {
        var ex = await Assert.ThrowsAsync<ContactCsvHeaderException>(() => ReadAsync(csv));
        Assert.Contains("duplicates", ex.Message);
    }
}
