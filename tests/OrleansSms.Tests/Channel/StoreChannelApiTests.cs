using System.Net;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Channel;

[Collection(MemorySiloCollection.Name)]
public sealed class StoreChannelApiTests(MemorySiloFixture silo)
{
    private const string Token = "inst-live-token-0123456789abcdef";
    private readonly HttpClient _client = silo.Client;

    private static object ValidChannel(string token = Token) => new
    {
        provider = "instasent",
        apiToken = token,
        defaultSubscriptionStatus = "subscribed",
        throttlePerSecond = 50,
        defaultCountry = "ES",
    };

    [Fact]
    public async Task Put_returns_the_channel_with_the_token_masked_and_a_callback_url_with_a_long_secret()
    {
        var store = Ids.Store();
        var response = await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", ValidChannel());

        var raw = await response.Content.ReadAsStringAsync();
        var channel = await response.ReadJsonAsync();
        Assert.DoesNotContain(Token, raw);
        Assert.Equal("••••cdef", channel.GetProperty("apiToken").GetString());
        Assert.Equal("instasent", channel.GetProperty("provider").GetString());
        Assert.Equal("subscribed", channel.GetProperty("defaultSubscriptionStatus").GetString());
        Assert.Equal(50, channel.GetProperty("throttlePerSecond").GetInt32());
        Assert.Equal("ES", channel.GetProperty("defaultCountry").GetString());
        Assert.Equal(3, channel.GetProperty("softBounceLimit").GetInt32());

        var callback = new Uri(channel.GetProperty("callbackUrl").GetString()!);
        Assert.Equal("sms.example.test", callback.Host);
        var segments = callback.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["callbacks", "instasent", store], segments[..3]);
        var secretBits = segments[3].Length * 6; // base64url: 6 bits per character
        Assert.True(secretBits >= 128, $"secret has only {secretBits} bits");
    }

    [Fact]
    public async Task In_the_zero_setup_run_a_new_token_is_verified_by_the_bundled_simulator_with_its_balance()
    {
        var store = Ids.Store();
        var saved = await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", ValidChannel("zero-setup-" + store))).ReadJsonAsync();

        Assert.Equal("verified", saved.GetProperty("tokenCheck").GetString());
        Assert.Equal(100m, saved.GetProperty("balance").GetDecimal());
        Assert.Equal("EUR", saved.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Get_answers_what_was_saved_and_404_for_a_store_without_channel()
    {
        var store = Ids.Store();
        var saved = await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", ValidChannel())).ReadJsonAsync();
        var read = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        Assert.Equal(saved.ToString(), read.ToString());

        await (await _client.GetAsync($"/api/stores/{Ids.Store()}/sms-channel")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SoftBounceLimit_is_saved_shown_and_defaults_to_three()
    {
        var store = Ids.Store();
        var saved = await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms-channel",
            $$"""{"provider":"instasent","apiToken":"{{Token}}","softBounceLimit":7}""")).ReadJsonAsync();
        Assert.Equal(7, saved.GetProperty("softBounceLimit").GetInt32());
        var read = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        Assert.Equal(7, read.GetProperty("softBounceLimit").GetInt32());

        var limits = await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms-channel",
            """{"provider":"instasent","softBounceLimit":100}""")).ReadJsonAsync();
        Assert.Equal(100, limits.GetProperty("softBounceLimit").GetInt32());
        var cleared = await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms-channel",
            """{"provider":"instasent","softBounceLimit":null}""")).ReadJsonAsync();
        Assert.Equal(3, cleared.GetProperty("softBounceLimit").GetInt32());
    }

    [Fact]
    public async Task A_second_put_keeps_the_token_when_absent_and_keeps_the_callback_secret()
    {
        var store = Ids.Store();
        var first = await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", ValidChannel())).ReadJsonAsync();
        var second = await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel",
            new { provider = "instasent", throttlePerSecond = 10 })).ReadJsonAsync();

        Assert.Equal("••••cdef", second.GetProperty("apiToken").GetString());
        Assert.Equal(10, second.GetProperty("throttlePerSecond").GetInt32());
        Assert.Equal("subscribed", second.GetProperty("defaultSubscriptionStatus").GetString());
        Assert.Equal("ES", second.GetProperty("defaultCountry").GetString());
        Assert.Equal(first.GetProperty("callbackUrl").GetString(), second.GetProperty("callbackUrl").GetString());
    }

    [Fact]
    public async Task A_put_without_the_throttle_keeps_the_store_rate_limit()
    {
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", ValidChannel())).ReadJsonAsync();

        var saved = await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms-channel", """{"provider":"instasent","defaultCountry":"PT"}""")).ReadJsonAsync();

        Assert.Equal(50, saved.GetProperty("throttlePerSecond").GetInt32());
        Assert.Equal("PT", saved.GetProperty("defaultCountry").GetString());
        var read = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        Assert.Equal(50, read.GetProperty("throttlePerSecond").GetInt32());
    }

    [Fact]
    public async Task Every_setting_absent_stays_as_it_was_and_null_restores_its_default()
    {
        var store = Ids.Store();
        var url = $"/api/stores/{store}/sms-channel";
        var first = await (await _client.PutRawJsonAsync(url, $$"""
            {"provider":"instasent","apiToken":"{{Token}}","defaultSubscriptionStatus":"subscribed","throttlePerSecond":50,
             "defaultCountry":"ES","softBounceLimit":7,"optOutKeywords":["basta"],"optInKeywords":["volver"],"maxSegments":4}
            """)).ReadJsonAsync();
        Assert.Equal(4, first.GetProperty("maxSegments").GetInt32());

        // Nothing given, not even provider or token: every setting stays.
        var kept = await (await _client.PutRawJsonAsync(url, "{}")).ReadJsonAsync();
        Assert.Equal(Without(first, "updatedAt"), Without(kept, "updatedAt"));

        // Each setting null: its default; the token and the callback URL stay.
        var cleared = await (await _client.PutRawJsonAsync(url, """
            {"apiToken":null,"defaultSubscriptionStatus":null,"throttlePerSecond":null,"defaultCountry":null,
             "softBounceLimit":null,"optOutKeywords":null,"optInKeywords":null,"maxSegments":null}
            """)).ReadJsonAsync();
        Assert.Equal("instasent", cleared.GetProperty("provider").GetString());
        Assert.Equal("••••cdef", cleared.GetProperty("apiToken").GetString());
        Assert.Equal("none", cleared.GetProperty("defaultSubscriptionStatus").GetString());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("throttlePerSecond").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("defaultCountry").ValueKind);
        Assert.Equal(3, cleared.GetProperty("softBounceLimit").GetInt32());
        Assert.Contains("STOP", cleared.GetProperty("optOutKeywords").EnumerateArray().Select(k => k.GetString()));
        Assert.Contains("START", cleared.GetProperty("optInKeywords").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(10, cleared.GetProperty("maxSegments").GetInt32());
        Assert.Equal(first.GetProperty("callbackUrl").GetString(), cleared.GetProperty("callbackUrl").GetString());
        Assert.Equal(first.GetProperty("tokenCheck").GetString(), cleared.GetProperty("tokenCheck").GetString());
    }

    [Fact]
    public async Task A_keyword_given_in_one_list_may_not_be_in_the_other_list_already_saved()
    {
        var store = Ids.Store();
        var url = $"/api/stores/{store}/sms-channel";
        await (await _client.PutRawJsonAsync(url, $$"""{"provider":"instasent","apiToken":"{{Token}}","optInKeywords":["volver"]}""")).ReadJsonAsync();
        var before = await (await _client.GetAsync(url)).Content.ReadAsStringAsync();

        await (await _client.PutRawJsonAsync(url, """{"optOutKeywords":["stop","volver"]}"""))
            .AssertValidationProblemAsync("optOutKeywords[1]", "'VOLVER' is also an opt-in keyword");
        await (await _client.PutRawJsonAsync(url, """{"optInKeywords":["baja"]}"""))
            .AssertValidationProblemAsync("optInKeywords[0]", "'BAJA' is also an opt-out keyword");

        Assert.Equal(before, await (await _client.GetAsync(url)).Content.ReadAsStringAsync());
    }

    private static string Without(JsonElement element, string property) =>
        JsonSerializer.Serialize(element.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value));

    [Fact]
    public async Task Rotate_gives_a_new_callback_url_and_404_without_a_channel()
    {
        var store = Ids.Store();
        var before = await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", ValidChannel())).ReadJsonAsync();
        var rotated = await (await _client.PostAsync($"/api/stores/{store}/sms-channel/rotate-callback-secret", null)).ReadJsonAsync();
        var after = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();

        Assert.NotEqual(before.GetProperty("callbackUrl").GetString(), rotated.GetProperty("callbackUrl").GetString());
        Assert.Equal(rotated.GetProperty("callbackUrl").GetString(), after.GetProperty("callbackUrl").GetString());

        await (await _client.PostAsync($"/api/stores/{Ids.Store()}/sms-channel/rotate-callback-secret", null))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"provider":"twilio","apiToken":"abcdefghijklmnop"}""", "provider", "'twilio'")]
    [InlineData("""{"apiToken":"abcdefghijklmnop"}""", "provider", "required")]
    [InlineData("""{"provider":"instasent"}""", "apiToken", "required")]
    [InlineData("""{"provider":"instasent","apiToken":""}""", "apiToken", "non-empty")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","defaultCountry":"XX"}""", "defaultCountry", "'XX'")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","throttlePerSecond":0}""", "throttlePerSecond", "0")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","throttlePerSecond":1.5}""", "throttlePerSecond", "1.5")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","defaultSubscriptionStatus":"yes"}""", "defaultSubscriptionStatus", "'yes'")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","softBounceLimit":0}""", "softBounceLimit", "0")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","softBounceLimit":101}""", "softBounceLimit", "101")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","softBounceLimit":2.5}""", "softBounceLimit", "2.5")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","softBounceLimit":"3"}""", "softBounceLimit", "from 1 to 100")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","maxSegments":0}""", "maxSegments", "0", "from 1 to 50")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","maxSegments":51}""", "maxSegments", "51")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","maxSegments":2.5}""", "maxSegments", "2.5")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","maxSegments":"10"}""", "maxSegments", "'10'")]
    [InlineData("""{"provider":null,"apiToken":"abcdefghijklmnop"}""", "provider", "null")]
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","colour":"red"}""", "colour", "not a setting")]
    [InlineData("""{"provider":"instasent",""", "body", "not valid JSON")]
    [InlineData("""["instasent"]""", "body", "JSON object")]
    public async Task Bad_settings_are_rejected_naming_field_and_value_and_change_nothing(string json, string field, params string[] mentions)
    {
        var store = Ids.Store();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms-channel", json)).AssertValidationProblemAsync(field, mentions);
        await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_rejected_put_leaves_a_configured_channel_exactly_as_it_was()
    {
        var store = Ids.Store();
        await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", ValidChannel());
        var before = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).Content.ReadAsStringAsync();

        await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms-channel",
                """{"provider":"instasent","apiToken":"other-token-000000000","throttlePerSecond":-3,"defaultCountry":"ES"}"""))
            .AssertValidationProblemAsync("throttlePerSecond", "-3");

        var after = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).Content.ReadAsStringAsync();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_bad_store_id_is_a_400_naming_it()
    {
        await (await _client.GetAsync("/api/stores/bad.store!/sms-channel")).AssertValidationProblemAsync("storeId", "'bad.store!'");
    }
}
