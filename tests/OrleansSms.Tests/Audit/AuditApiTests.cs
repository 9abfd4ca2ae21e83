using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Abstractions.Audit;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Audit;

/// <summary>
/// <c>GET /api/stores/{storeId}/audit</c>: each change a key makes to a store is recorded under
/// the key's name before it is answered, newest first, and never with a secret.
/// </summary>
[Collection(MemorySiloCollection.Name)]
public sealed class AuditApiTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<List<JsonElement>> TrailAsync(string store, HttpClient? client = null, int limit = 200) =>
        (await ListPages.WalkAsync(client ?? _client, $"/api/stores/{store}/audit", limit)).Items;

    [Fact]
    public async Task Every_recorded_action_appears_newest_first_under_the_key_name_and_no_secret_is_ever_shown()
    {
        var store = Ids.Store();
        var firstToken = $"first-secret-token-{Guid.NewGuid():N}";
        var secondToken = $"second-secret-token-{Guid.NewGuid():N}";
        var connected = await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = firstToken, defaultCountry = "ES",
        })).ReadJsonAsync();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { defaultCountry = "FR", throttlePerSecond = 20 })).ReadJsonAsync();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { apiToken = secondToken })).ReadJsonAsync();
        var rotated = await (await _client.PostAsync($"/api/stores/{store}/sms-channel/rotate-callback-secret", null)).ReadJsonAsync();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms/promo", new { name = "Promo", text = "Hola" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/orders", """
            {"name":"Orders","trigger":{"type":"event","eventType":"purchase"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"promo","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","next":null}]}
            """)).ReadJsonAsync();
        await (await _client.PostAsync($"/api/stores/{store}/workflows/orders/activate", null)).ReadJsonAsync();
        await (await _client.PostAsync($"/api/stores/{store}/workflows/orders/deactivate", null)).ReadJsonAsync();
        await (await _client.PostAsync($"/api/stores/{store}/contacts/import",
            new StringContent("contactId,_mobilePhone\nc1,600111222\nc2,600111333\nc3,12ab\n", Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        await silo.Factory.Services.GetRequiredService<IGrainFactory>().RecordContactErasedAsync(store, "c2", SiloFactory.AllStoresKeyName);

        var trail = await TrailAsync(store, limit: 3);

        Assert.Equal(
            [
                ("contactErased", "contacts/c2"),
                ("contactsImported", "contacts/import"),
                ("workflowDeactivated", "workflows/orders"),
                ("workflowActivated", "workflows/orders"),
                ("workflowSaved", "workflows/orders"),
                ("contentSaved", "sms/promo"),
                ("callbackSecretRotated", "sms-channel"),
                ("channelChanged", "sms-channel"),
                ("channelChanged", "sms-channel"),
                ("channelConnected", "sms-channel"),
            ],
            trail.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("target").GetString())));
        Assert.All(trail, e => Assert.Equal(SiloFactory.AllStoresKeyName, e.GetProperty("key").GetString()));
        var times = trail.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        Assert.Equal(["provider", "apiToken", "defaultCountry"], Changed(trail[^1]));
        Assert.Equal(["throttlePerSecond", "defaultCountry"], Changed(trail[^2]));
        Assert.Equal(["apiToken"], Changed(trail[^3]));
        Assert.Equal(1, trail[4].GetProperty("version").GetInt32());
        var counts = trail[1].GetProperty("counts");
        Assert.Equal((2, 0, 1), (counts.GetProperty("created").GetInt32(), counts.GetProperty("updated").GetInt32(), counts.GetProperty("rejected").GetInt32()));

        var raw = await (await _client.GetAsync($"/api/stores/{store}/audit?limit=200")).Content.ReadAsStringAsync();
        var secrets = new[]
        {
            firstToken, secondToken, SiloFactory.AllStoresKey, SiloFactory.StoreKey,
            Secret(connected.GetProperty("callbackUrl").GetString()!), Secret(rotated.GetProperty("callbackUrl").GetString()!),
        };
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, raw, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_key_without_a_name_is_recorded_by_its_derived_name_never_by_the_key()
    {
        using var storeKey = silo.Factory.CreateClient();
        storeKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SiloFactory.StoreKey);
        var smsId = Ids.Unique("audit");

        await (await storeKey.PutJsonAsync($"/api/stores/{SiloFactory.StoreKeyStore}/sms/{smsId}", new { name = "Mine", text = "Hi" })).ReadJsonAsync();

        var entry = (await TrailAsync(SiloFactory.StoreKeyStore, storeKey)).Single(e => e.GetProperty("target").GetString() == $"sms/{smsId}");
        Assert.Equal(SiloFactory.StoreKeyName, entry.GetProperty("key").GetString());
        Assert.Equal("contentSaved", entry.GetProperty("action").GetString());
        await (await storeKey.GetAsync($"/api/stores/{Ids.Store()}/audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_erasure_recorded_inside_a_request_names_the_key_the_request_carries()
    {
        var store = Ids.Store();
        var grains = silo.Factory.Services.GetRequiredService<IGrainFactory>();
        AuditActor.Set("erasure-tool");
        try
        {
            await grains.RecordContactErasedAsync(store, "c9");
        }
        finally
        {
            RequestContext.Remove(AuditActor.ContextKey);
        }

        await grains.RecordContactErasedAsync(store, "c10");

        var trail = await TrailAsync(store);
        Assert.Equal([("contacts/c10", AuditActor.System), ("contacts/c9", "erasure-tool")],
            trail.Select(e => (e.GetProperty("target").GetString(), e.GetProperty("key").GetString())));
    }

    [Fact]
    public async Task A_refused_change_records_nothing()
    {
        var store = Ids.Store();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms/promo", """{"name":""}""")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/w", """{"name":"W","trigger":{"type":"manual"},"start":"x","nodes":[]}"""))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.PostAsync($"/api/stores/{store}/workflows/none/activate", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync($"/api/stores/{store}/sms-channel/rotate-callback-secret", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent("firstName\nAna\n", Encoding.UTF8, "text/csv")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await TrailAsync(store));
    }

    [Fact]
    public async Task A_walk_by_pages_meets_each_entry_once_newest_first()
    {
        var store = Ids.Store();
        for (var i = 0; i < 11; i++)
        {
            await (await _client.PutJsonAsync($"/api/stores/{store}/sms/c{i:D2}", new { name = "N", text = "T" })).ReadJsonAsync();
        }

        var (trail, pages) = await ListPages.WalkAsync(_client, $"/api/stores/{store}/audit", limit: 4);

        Assert.Equal(Enumerable.Range(0, 11).Reverse().Select(i => $"sms/c{i:D2}"), trail.Strings("target"));
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=x", "limit")]
    [InlineData("cursor=zzz", "cursor")]
    [InlineData("cursor=aWQxOnByb21v", "cursor")]
    public async Task A_bad_limit_or_cursor_is_a_400_naming_it(string query, string field)
    {
        await (await _client.GetAsync($"/api/stores/{Ids.Store()}/audit?{query}")).AssertValidationProblemAsync(field);
    }

    private static List<string> Changed(JsonElement entry) => entry.GetProperty("changed").EnumerateArray().Select(c => c.GetString()!).ToList();

    private static string Secret(string callbackUrl) => callbackUrl[(callbackUrl.LastIndexOf('/') + 1)..];
}
