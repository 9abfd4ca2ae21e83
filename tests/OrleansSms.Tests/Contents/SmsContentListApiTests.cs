using System.Net;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contents;

/// <summary><c>GET /api/stores/{storeId}/sms</c>: the store's contents in id order, each as GET of one answers it.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class SmsContentListApiTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task A_walk_by_pages_meets_each_content_once_in_id_order_with_its_analysis()
    {
        var store = Ids.Store();
        var ids = new[] { "welcome", "promo-b", "Alert", "promo-a", "order_1", "zeta", "b2" };
        foreach (var id in ids)
        {
            await (await _client.PutJsonAsync($"/api/stores/{store}/sms/{id}", new { name = $"Content {id}", text = $"Hola {{{{firstName}}}}, {id} camión" })).ReadJsonAsync();
        }

        // Saved again: still listed once.
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms/zeta", new { name = "Zeta", text = "Plain" })).ReadJsonAsync();
        await (await _client.PutJsonAsync($"/api/stores/{Ids.Store()}/sms/other-store", new { name = "Other", text = "Hi" })).ReadJsonAsync();

        var (items, pages) = await ListPages.WalkAsync(_client, $"/api/stores/{store}/sms", limit: 3);

        Assert.Equal(ids.Order(StringComparer.Ordinal), items.Strings("smsId"));
        Assert.Equal(3, pages);
        foreach (var item in items)
        {
            var one = await (await _client.GetAsync($"/api/stores/{store}/sms/{item.GetProperty("smsId").GetString()}")).ReadJsonAsync();
            Assert.Equal(one.GetRawText(), item.GetRawText());
        }

        var zeta = items.Single(i => i.GetProperty("smsId").GetString() == "zeta");
        Assert.Equal("Plain", zeta.GetProperty("text").GetString());
        Assert.Equal("gsm7", zeta.GetProperty("analysis").GetProperty("encoding").GetString());
        var welcome = items.Single(i => i.GetProperty("smsId").GetString() == "welcome");
        Assert.Equal("ucs2", welcome.GetProperty("analysis").GetProperty("encoding").GetString());
    }

    [Fact]
    public async Task A_store_without_contents_answers_an_empty_page()
    {
        var page = await ListPages.FirstAsync(_client, $"/api/stores/{Ids.Store()}/sms");

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1000", "limit")]
    [InlineData("cursor=%21%21", "cursor")]
    public async Task A_bad_limit_or_cursor_is_a_400_naming_it(string query, string field)
    {
        await (await _client.GetAsync($"/api/stores/{Ids.Store()}/sms?{query}")).AssertValidationProblemAsync(field);
    }
}
