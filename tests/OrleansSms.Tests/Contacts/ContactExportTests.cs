using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

/// <summary>An export is a CSV the import takes back: into another store, the same contacts.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class ContactExportTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<string> StoreAsync(string country)
    {
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = "token-abcdefghijklmnop", defaultCountry = country, defaultSubscriptionStatus = "subscribed",
        })).ReadJsonAsync();
        return store;
    }

    private async Task<string> ExportAsync(string store, string query = "")
    {
        using var response = await _client.GetAsync($"/api/stores/{store}/contacts/export{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"contacts-{store}.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], "no byte order mark");
        return Encoding.UTF8.GetString(bytes);
    }

    private async Task<JsonElement> ImportAsync(string store, string csv) =>
        await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv, Encoding.UTF8, "text/csv"))).ReadJsonAsync();

    private async Task<List<string>> AllIdsAsync(string store)
    {
        var page = await (await _client.GetAsync($"/api/stores/{store}/contacts?limit=200")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        return [.. page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("contactId").GetString()!)];
    }

    /// <summary>A contact's answer without what belongs to its store's history, not to the contact: when it was written.</summary>
    private async Task<string> ContactAsync(string store, string id)
    {
        var contact = JsonNode.Parse(await (await _client.GetAsync($"/api/stores/{store}/contacts/{id}")).Content.ReadAsStringAsync())!.AsObject();
        contact.Remove("createdAt");
        contact.Remove("updatedAt");
        return contact.ToJsonString();
    }

    [Fact]
    public async Task Export_then_import_into_another_store_gives_the_same_contacts_with_every_type_and_edge_value()
    {
        var source = await StoreAsync("ES");
        (string Id, string Json)[] contacts =
        [
            ("ana", """{"_mobilePhone":"600 111 222","_smsSubscriptionStatus":"subscribed","fields":{"firstName":"Ana María","email":"Ana@Example.COM","age":31,"vip":true,"since":"2024-02-29","seen":"2024-02-29T10:15:00+02:00","note":"Hola, \"amiga\"; qué tal"}}"""),
            ("b_2", """{"_mobilePhone":"+447911123456","_mobilePhoneStatus":"bounced","_smsSubscriptionStatus":"notSubscribed","fields":{"code":"007","email":"not an email","score":-0.5,"vip":false,"note":""}}"""),
            ("c-3", """{"_mobilePhoneStatus":"paused","_smsSubscriptionStatus":"none","fields":{"code":7,"tiny":1e-7,"big":123456789012345,"zero":0,"emoji":"😀 ✓ ñandú 漢字","contactId":"a field, not the id","Email":"other@x.es","tab":"a\tb"}}"""),
            ("-", """{"fields":{"quote":"\"","commas":",,,","semicolon":";","pipe":"a|b","spaces":"a  b"}}"""),
            ("0042", """{"_mobilePhone":"+34 600 111 333"}"""),
        ];
        foreach (var (id, json) in contacts)
        {
            await (await _client.PutRawJsonAsync($"/api/stores/{source}/contacts/{id}", json)).ReadJsonAsync();
        }

        // Contacts an import created, keyed by email too.
        var imported = await ImportAsync(source, "contactId,email,_mobilePhone,city\nimp-1,,600111444,Sevilla\n,Keyed@Example.com,600111555,\"Madrid, Spain\"\n");
        Assert.Equal(2, imported.GetProperty("created").GetInt32());

        var csv = await ExportAsync(source);
        var target = await StoreAsync("GB");
        var report = await ImportAsync(target, csv);

        var ids = await AllIdsAsync(source);
        Assert.Equal(7, ids.Count);
        Assert.Equal(0, report.GetProperty("rejectedCount").GetInt32());
        Assert.Equal(ids.Count, report.GetProperty("created").GetInt32());
        Assert.Equal(ids, await AllIdsAsync(target));
        foreach (var id in ids)
        {
            Assert.Equal(await ContactAsync(source, id), await ContactAsync(target, id));
        }

        // The same contacts export alike, byte for byte.
        Assert.Equal(csv, await ExportAsync(target));
        Assert.StartsWith("contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,Email:string,age:number,big:number,city:string,code:string,code:number,", csv);
    }

    [Fact]
    public async Task An_export_takes_the_list_s_filters_and_writes_statuses_and_absent_values_as_the_import_reads_them()
    {
        var store = await StoreAsync("ES");
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/a1", """{"_mobilePhone":"600111222","_mobilePhoneStatus":"bounced","fields":{"n":1}}""")).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/a2", """{"fields":{"label":"x"}}""")).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/b1", """{"_mobilePhoneStatus":"bounced"}""")).ReadJsonAsync();

        Assert.Equal(
            "contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,label:string,n:number\n" +
            "a1,+34600111222,bounced,subscribed,,1\n" +
            "a2,,active,subscribed,x,\n" +
            "b1,,bounced,subscribed,,\n",
            await ExportAsync(store));
        Assert.Equal(
            "contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,label:string,n:number\na1,+34600111222,bounced,subscribed,,1\n",
            await ExportAsync(store, "?search=a&phoneStatus=bounced"));
        Assert.Equal("contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus\n", await ExportAsync(await StoreAsync("ES")));
    }

    [Fact]
    public async Task A_value_holding_a_line_break_is_exported_as_csv_has_it_and_is_the_one_thing_an_import_refuses()
    {
        var store = await StoreAsync("ES");
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/ml", """{"fields":{"note":"two\nlines"}}""")).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/ok", """{"fields":{"note":"one line"}}""")).ReadJsonAsync();

        var csv = await ExportAsync(store);
        Assert.Contains("ml,,active,subscribed,\"two\nlines\"\n", csv);
        var report = await ImportAsync(await StoreAsync("ES"), csv);
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        Assert.Equal([2, 3], report.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
    }
}
