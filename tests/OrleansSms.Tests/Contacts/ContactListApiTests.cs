using System.Net;
using System.Text;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

/// <summary>The contact list over HTTP: search, filters, count, paging and its problems.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class ContactListApiTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private async Task<string> StoreAsync()
    {
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = "token-abcdefghijklmnop", defaultCountry = "ES",
        })).ReadJsonAsync();
        return store;
    }

    private async Task<JsonElement> PutAsync(string store, string contact, string json) =>
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}", json)).ReadJsonAsync();

    private async Task<JsonElement> ListAsync(string store, string query = "") =>
        await (await _client.GetAsync($"/api/stores/{store}/contacts?{query}")).ReadJsonAsync();

    private async Task<string[]> IdsAsync(string store, string query = "") =>
        [.. (await ListAsync(store, query)).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("contactId").GetString()!)];

    private async Task<long> CountAsync(string store, string query = "") =>
        (await (await _client.GetAsync($"/api/stores/{store}/contacts/count?{query}")).ReadJsonAsync()).GetProperty("count").GetInt64();

    /// <summary>Every page of the list, following nextCursor: the ids in order.</summary>
    private async Task<List<string>> WalkAsync(string store, string query, int limit)
    {
        var ids = new List<string>();
        string? cursor = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var page = await ListAsync(store, $"{query}&limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            var items = page.GetProperty("items");
            Assert.True(items.GetArrayLength() <= limit);
            ids.AddRange(items.EnumerateArray().Select(c => c.GetProperty("contactId").GetString()!));
            if (page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null)
            {
                return ids;
            }

            cursor = page.GetProperty("nextCursor").GetString();
        }

        throw new InvalidOperationException("the list never ended");
    }

    [Fact]
    public async Task Search_finds_an_id_prefix_a_phone_in_any_input_form_and_an_email_in_any_case()
    {
        var store = await StoreAsync();
        await PutAsync(store, "ana-1", """{"_mobilePhone":"+34600111222","fields":{"email":"Ana.Lopez@Example.com","firstName":"Ana"}}""");
        await PutAsync(store, "ana-2", """{"_mobilePhone":"600111333"}""");
        await PutAsync(store, "bob", """{"_mobilePhone":"0034 600 111 444","fields":{"email":"bob@example.com"}}""");
        await PutAsync(store, "600111", """{"fields":{"note":"an id of digits"}}""");

        Assert.Equal(["ana-1", "ana-2"], await IdsAsync(store, "search=ana"));
        Assert.Equal(["ana-1", "ana-2"], await IdsAsync(store, "search=ana-"));
        Assert.Equal(["ana-1"], await IdsAsync(store, "search=ana-1"));
        foreach (var phone in new[] { "+34600111222", "600 11 12 22", "0034600111222", "+34 600-111-222" })
        {
            Assert.Equal(["ana-1"], await IdsAsync(store, $"search={Uri.EscapeDataString(phone)}"));
        }

        Assert.Equal(["bob"], await IdsAsync(store, "search=%2B34600111444"));
        Assert.Equal(["ana-1"], await IdsAsync(store, "search=ana.lopez%40EXAMPLE.COM"));
        Assert.Equal(["bob"], await IdsAsync(store, "search=BOB%40example.com"));
        // "600111" is an id prefix of one contact and no phone.
        Assert.Equal(["600111"], await IdsAsync(store, "search=600111"));
        Assert.Empty(await IdsAsync(store, "search=nobody"));
        Assert.Empty(await IdsAsync(store, "search=ana.lopez%40example.org"));
        Assert.Equal(4, (await IdsAsync(store, "search=")).Length);

        // An item is the contact's answer, as GET of one contact gives it.
        var one = await (await _client.GetAsync($"/api/stores/{store}/contacts/ana-1")).ReadJsonAsync();
        var listed = (await ListAsync(store, "search=ana-1")).GetProperty("items")[0];
        Assert.Equal(one.ToString(), listed.ToString());
    }

    [Fact]
    public async Task Filters_by_phone_status_and_subscription_and_count_equals_the_list()
    {
        var store = await StoreAsync();
        var expected = new Dictionary<(string Phone, string Subscription), List<string>>();
        string[] phones = ["active", "bounced", "paused"];
        string[] subscriptions = ["subscribed", "notSubscribed", "none"];
        for (var i = 0; i < 45; i++)
        {
            var (phone, subscription) = (phones[i % 3], subscriptions[i / 3 % 3]);
            var id = $"c{i:D3}";
            await PutAsync(store, id, $$"""{"_mobilePhone":"{{TestPhones.Next()}}","_mobilePhoneStatus":"{{phone}}","_smsSubscriptionStatus":"{{subscription}}"}""");
            (expected.TryGetValue((phone, subscription), out var list) ? list : expected[(phone, subscription)] = []).Add(id);
        }

        foreach (var phone in phones)
        {
            var byPhone = expected.Where(e => e.Key.Phone == phone).SelectMany(e => e.Value).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(byPhone, await WalkAsync(store, $"phoneStatus={phone}", 4));
            Assert.Equal(byPhone.Count, await CountAsync(store, $"phoneStatus={phone}"));
            foreach (var subscription in subscriptions)
            {
                var query = $"phoneStatus={phone}&subscription={subscription}";
                Assert.Equal(expected[(phone, subscription)], await WalkAsync(store, query, 2));
                Assert.Equal(expected[(phone, subscription)].Count, await CountAsync(store, query));
            }
        }

        Assert.Equal(15, await CountAsync(store, "subscription=NOTSUBSCRIBED"));
        Assert.Equal(45, await CountAsync(store));
        Assert.Equal(45, (await WalkAsync(store, "", 7)).Count);
        Assert.Equal(10, await CountAsync(store, "search=c00&phoneStatus="));
        Assert.Equal(["c001", "c004", "c007"], await WalkAsync(store, "search=c00&phoneStatus=bounced", 200));
    }

    [Fact]
    public async Task A_write_shows_in_the_list_as_soon_as_it_is_answered()
    {
        var store = await StoreAsync();
        await PutAsync(store, "ana", """{"_mobilePhone":"+34600111222","_smsSubscriptionStatus":"subscribed","fields":{"email":"ana@example.com"}}""");
        Assert.Equal(["ana"], await IdsAsync(store, "search=600111222&subscription=subscribed"));

        await PutAsync(store, "ana", """{"_mobilePhone":"+34600999888","_smsSubscriptionStatus":"notSubscribed","fields":{"email":"ana@example.org"}}""");
        Assert.Empty(await IdsAsync(store, "search=600111222"));
        Assert.Empty(await IdsAsync(store, "search=ana%40example.com"));
        Assert.Empty(await IdsAsync(store, "subscription=subscribed"));
        Assert.Equal(["ana"], await IdsAsync(store, "search=600999888&subscription=notSubscribed"));
        Assert.Equal(["ana"], await IdsAsync(store, "search=ANA%40example.org"));

        await PutAsync(store, "ana", """{"_mobilePhone":null,"fields":{"email":null}}""");
        Assert.Empty(await IdsAsync(store, "search=600999888"));
        Assert.Empty(await IdsAsync(store, "search=ana%40example.org"));
        Assert.Equal(1, await CountAsync(store));
    }

    [Fact]
    public async Task An_import_lists_its_contacts_before_it_answers()
    {
        var store = await StoreAsync();
        await PutAsync(store, "existing", """{"_mobilePhone":"+34600111000"}""");
        var csv = "contactId,_mobilePhone,_mobilePhoneStatus,email\nnew1,600111001,paused,New1@Example.com\nexisting,600111002,bounced,\n";
        var report = await (await _client.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv, Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal((1, 1), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32()));

        Assert.Equal(["new1"], await IdsAsync(store, "search=600111001&phoneStatus=paused"));
        Assert.Equal(["new1"], await IdsAsync(store, "search=new1%40example.com"));
        Assert.Equal(["existing"], await IdsAsync(store, "search=600111002&phoneStatus=bounced"));
        Assert.Empty(await IdsAsync(store, "search=600111000"));
        Assert.Equal(2, await CountAsync(store));
    }

    [Theory]
    [InlineData("limit=0", "limit", "'0'")]
    [InlineData("limit=201", "limit", "'201'")]
    [InlineData("limit=ten", "limit", "'ten'")]
    [InlineData("limit=-1", "limit", "'-1'")]
    [InlineData("limit=1.5", "limit", "'1.5'")]
    [InlineData("limit=1&limit=2", "limit", "2 times")]
    [InlineData("cursor=not-a-cursor", "cursor", "'not-a-cursor'")]
    [InlineData("cursor=AWEgYg", "cursor", "'AWEgYg'")]
    [InlineData("phoneStatus=gone", "phoneStatus", "'gone'")]
    [InlineData("subscription=yes", "subscription", "'yes'")]
    public async Task A_bad_parameter_is_a_problem_naming_it_and_its_value(string query, string field, string mention)
    {
        var store = await StoreAsync();
        var response = await _client.GetAsync($"/api/stores/{store}/contacts?{query}");
        await response.AssertValidationProblemAsync(field, mention);
        if (field is not ("limit" or "cursor"))
        {
            await (await _client.GetAsync($"/api/stores/{store}/contacts/count?{query}")).AssertValidationProblemAsync(field, mention);
            await (await _client.GetAsync($"/api/stores/{store}/contacts/export?{query}")).AssertValidationProblemAsync(field, mention);
        }
    }

    [Fact]
    public async Task A_search_too_long_is_a_problem_and_limits_at_their_bounds_are_fine()
    {
        var store = await StoreAsync();
        await (await _client.GetAsync($"/api/stores/{store}/contacts?search={new string('a', 257)}")).AssertValidationProblemAsync("search", "256");
        Assert.Equal(JsonValueKind.Null, (await ListAsync(store, "limit=1")).GetProperty("nextCursor").ValueKind);
        Assert.Empty((await ListAsync(store, "limit=200&search=&phoneStatus=&subscription=&cursor=")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Pages_follow_id_order_and_the_last_has_no_cursor()
    {
        var store = await StoreAsync();
        var ids = Enumerable.Range(0, 23).Select(i => $"p{(i * 7) % 23:D2}").ToList();
        foreach (var id in ids)
        {
            await PutAsync(store, id, "{}");
        }

        var sorted = ids.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sorted, await WalkAsync(store, "", 5));
        Assert.Equal(sorted, await WalkAsync(store, "", 23));
        var first = await ListAsync(store, "limit=5");
        Assert.Equal(sorted[..5], first.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("contactId").GetString()!));
        var last = await ListAsync(store, $"limit=5&cursor={first.GetProperty("nextCursor").GetString()}");
        Assert.Equal(sorted[5..10], last.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("contactId").GetString()!));
    }

    [Fact]
    public async Task A_store_key_lists_only_its_own_store()
    {
        using var storeClient = silo.Factory.CreateAuthorizedClient(SiloFactory.StoreKey);
        var other = await StoreAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await storeClient.GetAsync($"/api/stores/{other}/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await storeClient.GetAsync($"/api/stores/{SiloFactory.StoreKeyStore}/contacts/count")).StatusCode);
    }
}
