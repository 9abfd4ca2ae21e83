using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Instasent;
using OrleansSms.InstasentSimulator;

namespace OrleansSms.Tests.Sending;

/// <summary>
/// How the client matches a bulk answer back to the request: entities by clientId; a rejected item
/// by a top-level clientId, else the clientId of the item it echoes, else its index; a message in
/// neither list is unaccounted. Canned answers (whose index and clientId disagree, so the order
/// shows), then the simulator's fault modes.
/// </summary>
public sealed class BulkAnswerMatchingTests : IAsyncLifetime
{
    private const string Token = "bulk-matching-token";
    private const string Invalid = """{"fields":{"to":["This value is not a valid phone number."]}}""";
    private WebApplication _simulator = null!;
    private HttpClient _control = null!;

    public async Task InitializeAsync()
    {
        _simulator = InstasentSimulatorHost.Build(new SimulatorOptions { Url = "http://127.0.0.1:0", DeliveryDelay = TimeSpan.FromHours(1) });
        await _simulator.StartAsync();
        _control = new HttpClient { BaseAddress = new Uri(_simulator.Urls.First()) };
        (await _control.PutAsJsonAsync($"/_sim/tokens/{Token}", new { callbackUrl = (string?)null })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _control.Dispose();
        await _simulator.DisposeAsync();
    }

    /// <summary>Answers every request 201 with <paramref name="body"/>.</summary>
    private sealed class Canned(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }

    private static ServiceProvider Client(string baseUrl, HttpMessageHandler? primary = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Instasent:BaseUrl"] = baseUrl,
            ["Instasent:RetryBaseDelay"] = "00:00:00.010",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddInstasentClient();
        if (primary is not null)
        {
            services.AddHttpClient<InstasentClient>().ConfigurePrimaryHttpMessageHandler(() => primary);
        }

        return services.BuildServiceProvider();
    }

    private static async Task<InstasentOutcome[]> CannedAsync(string answer)
    {
        using var services = Client("http://instasent.invalid", new Canned(answer));
        return await services.GetRequiredService<InstasentClient>().SendBulkAsync(Token, [Sms("a.1"), Sms("b.2"), Sms("c.3")]);
    }

    private static InstasentMessage Sms(string clientId, string to = "+34600111222") => new(clientId, "MyShop", to, "Hola", false);

    private static string Entities(params string[] clientIds) =>
        string.Join(",", clientIds.Select((c, i) => $$"""{"id":"id-{{i}}","clientId":"{{c}}","status":"enqueued"}"""));

    [Fact]
    public async Task A_rejected_item_is_matched_by_its_top_level_client_id_before_its_index()
    {
        var outcomes = await CannedAsync($$"""
            {"entities":[{{Entities("a.1", "c.3")}}],
             "errors":[{"index":0,"clientId":"b.2","item":{"clientId":"c.3"},{{Invalid[1..^1]}}}]}
            """);

        Assert.Equal(InstasentOutcomeKind.Accepted, outcomes[0].Kind);
        Assert.Equal(InstasentOutcomeKind.Refused, outcomes[1].Kind);
        Assert.Contains("phone number", outcomes[1].Error);
        Assert.Equal(InstasentOutcomeKind.Accepted, outcomes[2].Kind);
    }

    [Fact]
    public async Task Without_a_top_level_client_id_a_rejected_item_is_matched_by_the_item_it_echoes_before_its_index()
    {
        var outcomes = await CannedAsync($$"""
            {"entities":[{{Entities("a.1", "c.3")}}],
             "errors":[{"index":0,"item":{"from":"MyShop","to":"+34","text":"Hola","clientId":"b.2"},{{Invalid[1..^1]}}}]}
            """);

        Assert.Equal(InstasentOutcomeKind.Accepted, outcomes[0].Kind);
        Assert.Equal(InstasentOutcomeKind.Refused, outcomes[1].Kind);
        Assert.Equal(InstasentOutcomeKind.Accepted, outcomes[2].Kind);
    }

    [Fact]
    public async Task A_rejected_item_naming_no_client_id_is_matched_by_its_index()
    {
        var outcomes = await CannedAsync($$"""
            {"entities":[{{Entities("a.1", "c.3")}}],"errors":[{"index":1,{{Invalid[1..^1]}}}]}
            """);

        Assert.Equal(InstasentOutcomeKind.Accepted, outcomes[0].Kind);
        Assert.Equal(InstasentOutcomeKind.Refused, outcomes[1].Kind);
        Assert.Equal(InstasentOutcomeKind.Accepted, outcomes[2].Kind);
    }

    [Fact]
    public async Task A_duplicate_client_id_named_by_the_echoed_item_counts_as_accepted()
    {
        var outcomes = await CannedAsync($$"""
            {"entities":[{{Entities("a.1", "c.3")}}],
             "errors":[{"item":{"clientId":"b.2"},"fields":{"clientId":["This value is already used."]} }]}
            """);

        Assert.All(outcomes, o => Assert.Equal(InstasentOutcomeKind.Accepted, o.Kind));
    }

    [Fact]
    public async Task A_message_in_neither_list_is_unaccounted_not_accepted_nor_transient()
    {
        var outcomes = await CannedAsync($$"""
            {"entities":[{{Entities("a.1")}}],"errors":[{"index":7,"item":{"clientId":"zz.9"},{{Invalid[1..^1]}}}]}
            """);

        Assert.Equal(InstasentOutcomeKind.Accepted, outcomes[0].Kind);
        Assert.Equal(InstasentOutcomeKind.Unaccounted, outcomes[1].Kind);
        Assert.Equal(InstasentOutcomeKind.Unaccounted, outcomes[2].Kind);
        Assert.Contains("missing", outcomes[1].Error);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("item")]
    [InlineData("index")]
    public async Task Each_error_shape_of_the_simulator_is_matched_to_the_rejected_message(string shape)
    {
        (await _control.PutAsJsonAsync("/_sim/faults", new { bulkErrorShape = shape })).EnsureSuccessStatusCode();
        using var services = Client(_simulator.Urls.First());
        var outcomes = await services.GetRequiredService<InstasentClient>().SendBulkAsync(
            Token, [Sms($"{shape}.1"), Sms($"{shape}.2", to: "+34"), Sms($"{shape}.3")]);

        Assert.Equal(
            [InstasentOutcomeKind.Accepted, InstasentOutcomeKind.Refused, InstasentOutcomeKind.Accepted],
            outcomes.Select(o => o.Kind).ToArray());
    }

    [Fact]
    public async Task Items_the_simulator_leaves_out_of_its_answer_are_unaccounted_and_were_not_taken()
    {
        (await _control.PutAsJsonAsync("/_sim/faults", new { omitRate = 1.0 })).EnsureSuccessStatusCode();
        using var services = Client(_simulator.Urls.First());
        var client = services.GetRequiredService<InstasentClient>();

        var bulk = await client.SendBulkAsync(Token, [Sms("omit.1"), Sms("omit.2")]);
        var single = await client.SendAsync(Token, Sms("omit.3"));

        Assert.All(bulk, o => Assert.Equal(InstasentOutcomeKind.Unaccounted, o.Kind));
        Assert.Equal(InstasentOutcomeKind.Unaccounted, single.Kind);
        (await _control.PutAsJsonAsync("/_sim/faults", new { })).EnsureSuccessStatusCode();
        var again = await client.SendBulkAsync(Token, [Sms("omit.1"), Sms("omit.2")]);
        Assert.All(again, o => Assert.Equal(InstasentOutcomeKind.Accepted, o.Kind));
        Assert.All(again, o => Assert.NotNull(o.ProviderId));
    }
}
