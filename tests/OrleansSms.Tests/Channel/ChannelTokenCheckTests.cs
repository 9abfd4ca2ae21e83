using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using OrleansSms.Instasent;
using OrleansSms.InstasentSimulator;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Channel;

/// <summary>
/// Saving a channel checks a new token with Instasent's <c>GET /organization/account</c>, here a
/// standalone simulator that knows only the tokens registered with it (as Instasent would).
/// </summary>
public sealed class ChannelTokenCheckTests : IAsyncLifetime
{
    private const string GoodToken = "inst-known-token-0123456789abcdef";
    private const string RefusedToken = "inst-unknown-token-fedcba9876543210";
    private WebApplication _simulator = null!;
    private HttpClient _control = null!;
    private SiloFactory _silo = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _simulator = InstasentSimulatorHost.Build(new SimulatorOptions { Url = "http://127.0.0.1:0", DeliveryDelay = TimeSpan.FromHours(1) });
        await _simulator.StartAsync();
        _control = new HttpClient { BaseAddress = new Uri(_simulator.Urls.First()) };
        (await _control.PutAsJsonAsync($"/_sim/tokens/{GoodToken}", new { callbackUrl = (string?)null })).EnsureSuccessStatusCode();
        (await _control.PutAsJsonAsync($"/_sim/accounts/{GoodToken}", new { balance = 42.75m, currency = "EUR" })).EnsureSuccessStatusCode();
        _silo = new SiloFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "memory",
            ["Instasent:BaseUrl"] = _simulator.Urls.First(),
            ["Instasent:RetryBaseDelay"] = "00:00:00.010",
            ["Instasent:MaxRetryDelay"] = "00:00:00.050",
        });
        _api = _silo.CreateAuthorizedClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _silo.DisposeAsync();
        _control.Dispose();
        await _simulator.DisposeAsync();
    }

    private static object Channel(string token) => new { provider = "instasent", apiToken = token, defaultCountry = "ES" };

    [Fact]
    public async Task A_token_instasent_refuses_is_a_400_naming_apiToken_without_the_token_and_nothing_is_stored()
    {
        var store = Ids.Store();
        var response = await _api.PutJsonAsync($"/api/stores/{store}/sms-channel", Channel(RefusedToken));

        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(RefusedToken, raw);
        Assert.DoesNotContain(RefusedToken[^8..], raw);
        await response.AssertValidationProblemAsync("apiToken", "Instasent refused this token");
        await (await _api.GetAsync($"/api/stores/{store}/sms-channel")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_refused_new_token_leaves_the_saved_channel_as_it_was()
    {
        var store = Ids.Store();
        var saved = await (await _api.PutJsonAsync($"/api/stores/{store}/sms-channel", Channel(GoodToken))).ReadJsonAsync();

        var refused = await _api.PutJsonAsync($"/api/stores/{store}/sms-channel", Channel(RefusedToken));
        await refused.AssertValidationProblemAsync("apiToken", "Instasent refused this token");
        var read = await (await _api.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        Assert.Equal(saved.ToString(), read.ToString());
    }

    [Fact]
    public async Task A_token_instasent_takes_is_saved_verified_with_its_balance_shown_on_put_and_get()
    {
        var store = Ids.Store();
        var saved = await (await _api.PutJsonAsync($"/api/stores/{store}/sms-channel", Channel(GoodToken))).ReadJsonAsync();

        Assert.Equal("verified", saved.GetProperty("tokenCheck").GetString());
        Assert.Equal(42.75m, saved.GetProperty("balance").GetDecimal());
        Assert.Equal("EUR", saved.GetProperty("currency").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, saved.GetProperty("balanceAt").ValueKind);
        var read = await (await _api.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        Assert.Equal(42.75m, read.GetProperty("balance").GetDecimal());
        Assert.Equal("verified", read.GetProperty("tokenCheck").GetString());
    }

    [Fact]
    public async Task A_later_save_without_the_token_or_with_the_same_one_keeps_it_and_its_check_without_asking_instasent()
    {
        var store = Ids.Store();
        var saved = await (await _api.PutJsonAsync($"/api/stores/{store}/sms-channel", Channel(GoodToken))).ReadJsonAsync();
        Assert.Equal(42.75m, saved.GetProperty("balance").GetDecimal());
        (await _control.PutAsJsonAsync($"/_sim/accounts/{GoodToken}", new { balance = 1.5m, currency = "EUR" })).EnsureSuccessStatusCode();

        var withoutToken = await (await _api.PutRawJsonAsync($"/api/stores/{store}/sms-channel", """{"throttlePerSecond":5}""")).ReadJsonAsync();
        var sameToken = await (await _api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { apiToken = GoodToken })).ReadJsonAsync();

        foreach (var channel in new[] { withoutToken, sameToken })
        {
            Assert.Equal(saved.GetProperty("apiToken").GetString(), channel.GetProperty("apiToken").GetString());
            Assert.Equal("verified", channel.GetProperty("tokenCheck").GetString());
            Assert.Equal(42.75m, channel.GetProperty("balance").GetDecimal());
            Assert.Equal(saved.GetProperty("balanceAt").GetString(), channel.GetProperty("balanceAt").GetString());
            Assert.Equal(5, channel.GetProperty("throttlePerSecond").GetInt32());
            Assert.Equal("ES", channel.GetProperty("defaultCountry").GetString());
        }

        // A new token is checked again, and a refused one changes nothing.
        await (await _api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { apiToken = RefusedToken }))
            .AssertValidationProblemAsync("apiToken", "Instasent refused this token");
        Assert.Equal(sameToken.ToString(), (await (await _api.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync()).ToString());
    }

    [Fact]
    public async Task When_instasent_cannot_be_reached_the_channel_is_saved_and_says_the_check_was_unavailable()
    {
        await using var down = new SiloFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "memory",
            ["Instasent:BaseUrl"] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["Instasent:RetryBaseDelay"] = "00:00:00.010",
            ["Instasent:MaxRetryDelay"] = "00:00:00.050",
        });
        using var api = down.CreateAuthorizedClient();
        var store = Ids.Store();

        var saved = await (await api.PutJsonAsync($"/api/stores/{store}/sms-channel", Channel(RefusedToken))).ReadJsonAsync();

        Assert.Equal("unavailable", saved.GetProperty("tokenCheck").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, saved.GetProperty("balance").ValueKind);
        var read = await (await api.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        Assert.Equal("unavailable", read.GetProperty("tokenCheck").GetString());
    }

    [Fact]
    public async Task The_client_reads_an_account_a_refusal_and_an_outage_as_three_answers()
    {
        var client = _silo.Services.GetService(typeof(InstasentClient)) as InstasentClient;
        Assert.NotNull(client);

        var account = Assert.IsType<InstasentAccountCheck.Account>(await client.GetAccountAsync(GoodToken));
        Assert.Equal(42.75m, account.Balance);
        Assert.Equal("EUR", account.Currency);
        var refused = Assert.IsType<InstasentAccountCheck.Refused>(await client.GetAccountAsync(RefusedToken));
        Assert.Equal(401, refused.Status);

        (await _control.PutAsJsonAsync("/_sim/faults", new { status500Rate = 1.0 })).EnsureSuccessStatusCode();
        try
        {
            Assert.IsType<InstasentAccountCheck.Unavailable>(await client.GetAccountAsync(GoodToken));
        }
        finally
        {
            (await _control.PutAsJsonAsync("/_sim/faults", new { })).EnsureSuccessStatusCode();
        }
    }
}
