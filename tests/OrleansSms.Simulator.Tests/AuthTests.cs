using System.Net;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

public sealed class AuthTests
{
    [Theory]
    [InlineData("/transactional/v1/sms", false)]
    [InlineData("/transactional/v1/sms/bulk", true)]
    [InlineData("/sms", false)]
    [InlineData("/sms/bulk", true)]
    public async Task Missing_or_unknown_token_is_401_and_nothing_is_accepted(string path, bool bulk)
    {
        await using var sim = await StartAsync();
        using var stranger = sim.NewClient("who-knows");
        object body = bulk ? new[] { Sms("+34600111222") } : Sms("+34600111222");

        var (missing, _) = await sim.PostAsync(path, body, sim.Anonymous);
        var (unknown, _) = await sim.PostAsync(path, body, stranger);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Empty(await sim.MessagesAsync());
    }

    [Fact]
    public async Task Reads_need_a_token_too()
    {
        await using var sim = await StartAsync();

        using var list = await sim.Anonymous.GetAsync("/transactional/v1/sms");
        using var one = await sim.Anonymous.GetAsync("/transactional/v1/sms/abc");

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, one.StatusCode);
    }

    [Fact]
    public async Task A_token_registered_later_works_and_a_revoked_one_does_not()
    {
        await using var sim = await StartAsync();
        using var client = sim.NewClient("late");

        var (before, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222"), client);
        await sim.PutAsync("/_sim/tokens/late", new { callbackUrl = "http://127.0.0.1:9/cb" });
        var (registered, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222"), client);
        using var revoke = await sim.Anonymous.DeleteAsync("/_sim/tokens/late");
        var (revoked, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222"), client);

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    [Fact]
    public async Task Unregistered_tokens_are_accepted_only_when_configured()
    {
        await using var sim = await StartAsync(o => o.AcceptUnregisteredTokens = true);
        using var client = sim.NewClient("anything");

        var (response, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222"), client);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_bad_callback_url_is_refused()
    {
        await using var sim = await StartAsync();

        using var response = await sim.Anonymous.PutAsync("/_sim/tokens/x",
            System.Net.Http.Json.JsonContent.Create(new { callbackUrl = "not a url" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
