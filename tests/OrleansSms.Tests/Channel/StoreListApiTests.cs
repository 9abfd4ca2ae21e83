using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Channel;

/// <summary><c>GET /api/stores</c>: the stores with a channel, in id order, a page at a time; a store key sees its own only.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class StoreListApiTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<string> ChannelAsync(string store, string token)
    {
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = token, defaultCountry = "ES" })).ReadJsonAsync();
        return store;
    }

    [Fact]
    public async Task An_all_stores_key_walks_every_store_with_a_channel_once_in_id_order_and_nothing_secret()
    {
        var tokens = new List<string>();
        var stores = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var token = $"secret-token-{Guid.NewGuid():N}";
            tokens.Add(token);
            stores.Add(await ChannelAsync(Ids.Store(), token));
        }

        var withoutChannel = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{withoutChannel}/sms/promo", new { name = "Promo", text = "Hi" })).ReadJsonAsync();

        var (items, pages) = await ListPages.WalkAsync(_client, "/api/stores", limit: 2);

        var ids = items.Strings("storeId");
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(stores, s => Assert.Contains(s, ids));
        Assert.DoesNotContain(withoutChannel, ids);
        Assert.True(pages >= 3, $"{pages} pages");

        var ours = items.Single(i => i.GetProperty("storeId").GetString() == stores[0]);
        Assert.Equal("instasent", ours.GetProperty("provider").GetString());
        Assert.Equal("ES", ours.GetProperty("defaultCountry").GetString());
        Assert.Equal(JsonValueKind.True, ours.GetProperty("connected").ValueKind);
        Assert.Equal("verified", ours.GetProperty("tokenCheck").GetString());
        Assert.False(ours.TryGetProperty("apiToken", out _));
        Assert.False(ours.TryGetProperty("callbackUrl", out _));
        var raw = string.Join("\n", items.Select(i => i.GetRawText()));
        Assert.All(tokens, t => Assert.DoesNotContain(t, raw, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_key_sees_only_its_own_store()
    {
        await ChannelAsync(SiloFactory.StoreKeyStore, "store-key-store-token");
        await ChannelAsync(Ids.Store(), $"token-{Guid.NewGuid():N}");
        using var storeKey = silo.Factory.CreateClient();
        storeKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SiloFactory.StoreKey);

        var (items, pages) = await ListPages.WalkAsync(storeKey, "/api/stores", limit: 1);

        Assert.Equal([SiloFactory.StoreKeyStore], items.Strings("storeId"));
        Assert.Equal(1, pages);
    }

    [Fact]
    public async Task An_empty_page_past_the_last_store_has_no_next_cursor()
    {
        var page = await ListPages.FirstAsync(_client, "/api/stores?cursor=" + LastCursor());

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("limit=0", "limit", "'0'")]
    [InlineData("limit=201", "limit", "'201'")]
    [InlineData("limit=ten", "limit", "'ten'")]
    [InlineData("limit=-5", "limit", "1 to 200")]
    [InlineData("cursor=not-a-cursor", "cursor", "'not-a-cursor'")]
    [InlineData("cursor=c2VxMTo1", "cursor", "nextCursor")]
    public async Task A_bad_limit_or_cursor_is_a_400_naming_it(string query, string field, string mention)
    {
        await (await _client.GetAsync("/api/stores?" + query)).AssertValidationProblemAsync(field, mention);
    }

    /// <summary>A cursor after every store id the tests make (<c>z</c> sorts after every other id character).</summary>
    private static string LastCursor() => System.Buffers.Text.Base64Url.EncodeToString("id1:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"u8);
}
