using System.Net;
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
        Assert.Equal("none", second.GetProperty("defaultSubscriptionStatus").GetString());
        Assert.Equal(first.GetProperty("callbackUrl").GetString(), second.GetProperty("callbackUrl").GetString());
    }

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
    [InlineData("""{"provider":"instasent","apiToken":"abcdefghijklmnop","colour":"red"}""", "colour", "not a setting")]
    [InlineData("""{"provider":"instasent",""", "body", "not valid JSON")]
    [InlineData("""["instasent"]""", "body", "JSON object")]
    public async Task Bad_settings_are_rejected_naming_field_and_value_and_change_nothing(string json, string field, string mention)
    {
        var store = Ids.Store();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms-channel", json)).AssertValidationProblemAsync(field, mention);
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
