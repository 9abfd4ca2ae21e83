using System.Net;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

[Collection(MemorySiloCollection.Name)]
public sealed class EventsApiTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task A_contactInfo_event_writes_the_contact_fields()
    {
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = "token-abcdefghijklmnop", defaultCountry = "ES",
        })).ReadJsonAsync();
        var contact = Ids.Contact();

        await (await _client.PostRawJsonAsync($"/api/stores/{store}/events",
                $$$"""{"type":"contactInfo","contactId":"{{{contact}}}","properties":{"_mobilePhone":"600 111 222","_smsSubscriptionStatus":"subscribed","firstName":"Ana","orders":3}}"""))
            .ReadJsonAsync(HttpStatusCode.Accepted);

        var stored = await (await _client.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync();
        Assert.Equal("+34600111222", stored.GetProperty("_mobilePhone").GetString());
        Assert.Equal("subscribed", stored.GetProperty("_smsSubscriptionStatus").GetString());
        Assert.Equal("Ana", stored.GetProperty("fields").GetProperty("firstName").GetString());
        Assert.Equal(3, stored.GetProperty("fields").GetProperty("orders").GetDouble());
    }

    [Theory]
    [InlineData("""{"contactId":"c1"}""", "type", "required")]
    [InlineData("""{"type":"contactInfo","contactId":"bad id"}""", "contactId", "'bad id'")]
    [InlineData("""{"type":"contactInfo"}""", "contactId", "required")]
    [InlineData("""{"type":"contactInfo","contactId":"c1","properties":{"_mobilePhone":"abc"}}""", "_mobilePhone", "'abc'")]
    [InlineData("""{"type":"contactInfo","contactId":"c1","properties":{"_vip":true}}""", "properties._vip", "reserved")]
    [InlineData("""{"type":"purchase","contactId":"c1","properties":[1]}""", "properties", "an array")]
    [InlineData("""{"type":"contactInfo","contactId":"c1","properties":{"orderCount":9007199254740993}}""", "properties.orderCount", "9007199254740993 cannot be stored exactly")]
    public async Task A_bad_event_is_a_400_naming_the_field_and_writes_nothing(string json, string field, string mention)
    {
        var store = Ids.Store();
        await (await _client.PostRawJsonAsync($"/api/stores/{store}/events", json)).AssertValidationProblemAsync(field, mention);
        await (await _client.GetAsync($"/api/stores/{store}/contacts/c1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Other_event_types_are_accepted()
    {
        var store = Ids.Store();
        var accepted = await (await _client.PostRawJsonAsync($"/api/stores/{store}/events",
            """{"type":"purchase","contactId":"c1","properties":{"orderId":"A1"}}""")).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("purchase", accepted.GetProperty("type").GetString());
    }
}
