using System.Net;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

[Collection(MemorySiloCollection.Name)]
public sealed class ContactsApiTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<string> StoreWithChannelAsync(string defaultSubscription = "none")
    {
        var store = Ids.Store();
        var response = await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent",
            apiToken = "token-abcdefghijklmnop",
            defaultSubscriptionStatus = defaultSubscription,
            defaultCountry = "ES",
        });
        await response.ReadJsonAsync();
        return store;
    }

    [Fact]
    public async Task Put_creates_a_contact_with_the_phone_in_E164_and_get_reads_it_back()
    {
        var store = await StoreWithChannelAsync();
        var contact = Ids.Contact();
        var put = await (await _client.PutJsonAsync($"/api/stores/{store}/contacts/{contact}", new Dictionary<string, object>
        {
            ["_mobilePhone"] = "600 11-12.22",
            ["_mobilePhoneStatus"] = "active",
            ["_smsSubscriptionStatus"] = "subscribed",
            ["fields"] = new Dictionary<string, object> { ["firstName"] = "Ana", ["age"] = 31, ["vip"] = true, ["birthday"] = "1990-05-17" },
        })).ReadJsonAsync();

        Assert.Equal(contact, put.GetProperty("contactId").GetString());
        Assert.Equal("+34600111222", put.GetProperty("_mobilePhone").GetString());
        Assert.Equal("active", put.GetProperty("_mobilePhoneStatus").GetString());
        Assert.Equal("subscribed", put.GetProperty("_smsSubscriptionStatus").GetString());
        var fields = put.GetProperty("fields");
        Assert.Equal("Ana", fields.GetProperty("firstName").GetString());
        Assert.Equal(31, fields.GetProperty("age").GetDouble());
        Assert.True(fields.GetProperty("vip").GetBoolean());
        Assert.Equal("1990-05-17", fields.GetProperty("birthday").GetString());

        var get = await (await _client.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync();
        Assert.Equal(put.ToString(), get.ToString());
    }

    [Fact]
    public async Task A_new_contact_takes_the_store_default_subscription_and_active_status()
    {
        var store = await StoreWithChannelAsync(defaultSubscription: "subscribed");
        var created = await (await _client.PutJsonAsync($"/api/stores/{store}/contacts/{Ids.Contact()}",
            new Dictionary<string, object> { ["_mobilePhone"] = "+34 600 000 001" })).ReadJsonAsync();
        Assert.Equal("subscribed", created.GetProperty("_smsSubscriptionStatus").GetString());
        Assert.Equal("active", created.GetProperty("_mobilePhoneStatus").GetString());

        var noChannel = await (await _client.PutJsonAsync($"/api/stores/{Ids.Store()}/contacts/{Ids.Contact()}",
            new Dictionary<string, object> { ["_mobilePhone"] = "+34 600 000 001" })).ReadJsonAsync();
        Assert.Equal("none", noChannel.GetProperty("_smsSubscriptionStatus").GetString());
    }

    [Fact]
    public async Task Put_merges_absent_stays_and_null_clears()
    {
        var store = await StoreWithChannelAsync();
        var url = $"/api/stores/{store}/contacts/{Ids.Contact()}";
        await _client.PutRawJsonAsync(url, """{"_mobilePhone":"+34600111222","_smsSubscriptionStatus":"subscribed","fields":{"firstName":"Ana","city":"Madrid"}}""");

        var merged = await (await _client.PutRawJsonAsync(url, """{"fields":{"city":null,"lastName":"Ruiz"}}""")).ReadJsonAsync();
        Assert.Equal("+34600111222", merged.GetProperty("_mobilePhone").GetString());
        Assert.Equal("subscribed", merged.GetProperty("_smsSubscriptionStatus").GetString());
        Assert.Equal("Ana", merged.GetProperty("fields").GetProperty("firstName").GetString());
        Assert.Equal("Ruiz", merged.GetProperty("fields").GetProperty("lastName").GetString());
        Assert.False(merged.GetProperty("fields").TryGetProperty("city", out _));

        var cleared = await (await _client.PutRawJsonAsync(url, """{"_mobilePhone":null,"_mobilePhoneStatus":"paused"}""")).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("_mobilePhone").ValueKind);
        Assert.Equal("paused", cleared.GetProperty("_mobilePhoneStatus").GetString());
        Assert.Equal("Ana", cleared.GetProperty("fields").GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task Numbers_are_kept_exactly_and_digits_past_a_double_are_kept_as_a_string()
    {
        var store = await StoreWithChannelAsync();
        var url = $"/api/stores/{store}/contacts/{Ids.Contact()}";
        var raw = await (await _client.PutRawJsonAsync(url,
            """{"fields":{"largest":9007199254740992,"price":19.99,"big":1e21,"orderId":"9007199254740993"}}""")).Content.ReadAsStringAsync();

        Assert.Contains("\"largest\":9007199254740992", raw);
        Assert.Contains("\"price\":19.99", raw);
        Assert.Contains("\"orderId\":\"9007199254740993\"", raw);
        var contact = System.Text.Json.JsonDocument.Parse(raw).RootElement;
        Assert.Equal(1e21, contact.GetProperty("fields").GetProperty("big").GetDouble());
    }

    [Fact]
    public async Task Get_of_an_unknown_contact_is_404()
    {
        var store = await StoreWithChannelAsync();
        await (await _client.GetAsync($"/api/stores/{store}/contacts/{Ids.Contact()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"_mobilePhone":"12ab"}""", "_mobilePhone", "'12ab'")]
    [InlineData("""{"_mobilePhone":"123"}""", "_mobilePhone", "'123'")]
    [InlineData("""{"_mobilePhone":600111222}""", "_mobilePhone", "600111222")]
    [InlineData("""{"_mobilePhoneStatus":"gone"}""", "_mobilePhoneStatus", "'gone'")]
    [InlineData("""{"_mobilePhoneStatus":null}""", "_mobilePhoneStatus", "null")]
    [InlineData("""{"_smsSubscriptionStatus":"maybe"}""", "_smsSubscriptionStatus", "'maybe'")]
    [InlineData("""{"fields":{"_secret":"x"}}""", "fields._secret", "'_secret'")]
    [InlineData("""{"fields":{"tags":["a","b"]}}""", "fields.tags", "an array")]
    [InlineData("""{"fields":"Ana"}""", "fields", "'Ana'")]
    [InlineData("""{"fields":{"orderCount":9007199254740993}}""", "fields.orderCount", "9007199254740993 cannot be stored exactly", "would become 9007199254740992")]
    [InlineData("""{"fields":{"ratio":0.10000000000000000001}}""", "fields.ratio", "0.10000000000000000001 cannot be stored exactly")]
    [InlineData("""{"nickname":"Ana"}""", "nickname", "not a contact property")]
    [InlineData("""{"_mobilePhone":"+34600""", "body", "not valid JSON")]
    public async Task A_rejected_write_names_field_and_value_and_leaves_the_contact_byte_for_byte(string json, string field, params string[] mentions)
    {
        var store = await StoreWithChannelAsync();
        var url = $"/api/stores/{store}/contacts/{Ids.Contact()}";
        await (await _client.PutRawJsonAsync(url,
            """{"_mobilePhone":"+34600111222","_smsSubscriptionStatus":"subscribed","fields":{"firstName":"Ana","age":31}}""")).ReadJsonAsync();
        var before = await (await _client.GetAsync(url)).Content.ReadAsStringAsync();

        // A valid part next to the bad one must not be applied either (a property the bad
        // part does not name: a repeated key is refused on its own, see RequestGuardTests).
        var validPart = json.Contains("_smsSubscriptionStatus") ? """ "_mobilePhoneStatus":"paused" """ : """ "_smsSubscriptionStatus":"notSubscribed" """;
        var withValidPart = json.Length > 2 && json.EndsWith('}') ? json[..^1] + "," + validPart.Trim() + "}" : json;
        await (await _client.PutRawJsonAsync(url, withValidPart)).AssertValidationProblemAsync(field, mentions);

        var after = await (await _client.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_rejected_write_to_an_unknown_contact_creates_nothing()
    {
        var store = await StoreWithChannelAsync();
        var url = $"/api/stores/{store}/contacts/{Ids.Contact()}";
        await (await _client.PutRawJsonAsync(url, """{"_mobilePhone":"not a phone"}""")).AssertValidationProblemAsync("_mobilePhone", "'not a phone'");
        await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("has.dot")]
    [InlineData("0123456789012345678901234567890123")]
    [InlineData("sp ace")]
    public async Task A_bad_contact_id_is_a_400_naming_it(string contactId)
    {
        var store = await StoreWithChannelAsync();
        var url = $"/api/stores/{store}/contacts/{Uri.EscapeDataString(contactId)}";
        await (await _client.PutRawJsonAsync(url, "{}")).AssertValidationProblemAsync("contactId", $"'{contactId}'");
        await (await _client.GetAsync(url)).AssertValidationProblemAsync("contactId", $"'{contactId}'");
    }

    [Fact]
    public async Task A_national_number_without_a_store_country_is_rejected_and_an_international_one_accepted()
    {
        var store = Ids.Store();
        var url = $"/api/stores/{store}/contacts/{Ids.Contact()}";
        await (await _client.PutRawJsonAsync(url, """{"_mobilePhone":"600111222"}""")).AssertValidationProblemAsync("_mobilePhone", "'600111222'");
        var ok = await (await _client.PutRawJsonAsync(url, """{"_mobilePhone":"0034 600 111 222"}""")).ReadJsonAsync();
        Assert.Equal("+34600111222", ok.GetProperty("_mobilePhone").GetString());
    }
}
