using System.Net;
using System.Net.Http.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Api;

/// <summary>Every answer says nosniff and no framing; answers that may carry secrets, and every problem, are never stored by a cache.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class SecurityHeadersTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private static void AssertHeaders(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath} ({(int)response.StatusCode})";
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff), $"{what}: no X-Content-Type-Options");
        Assert.Equal("nosniff", Assert.Single(sniff));
        Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frame), $"{what}: no X-Frame-Options");
        Assert.Equal("DENY", Assert.Single(frame));
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer), $"{what}: no Referrer-Policy");
        Assert.Equal("no-referrer", Assert.Single(referrer));
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what}: Cache-Control is '{response.Headers.CacheControl}', not no-store");
    }

    [Fact]
    public async Task Api_answers_with_secrets_problems_and_callbacks_all_carry_nosniff_and_no_store()
    {
        var store = Ids.Store();
        var put = await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store });
        await put.ReadJsonAsync();
        AssertHeaders(put);
        var get = await _client.GetAsync($"/api/stores/{store}/sms-channel");
        await get.ReadJsonAsync();
        AssertHeaders(get);
        var rotated = await _client.PostAsync($"/api/stores/{store}/sms-channel/rotate-callback-secret", null);
        var callbackPath = new Uri((await rotated.ReadJsonAsync()).GetProperty("callbackUrl").GetString()!).AbsolutePath;
        AssertHeaders(rotated);

        // Problems: a 404 of the API, a 400, a 401, an unknown path's 404 and a wrong method's 405.
        var noChannel = await _client.GetAsync($"/api/stores/{Ids.Store()}/sms-channel");
        await noChannel.AssertProblemAsync(HttpStatusCode.NotFound);
        AssertHeaders(noChannel);
        var invalid = await _client.PutRawJsonAsync($"/api/stores/{store}/sms-channel", """{"throttlePerSecond":0}""");
        await invalid.AssertValidationProblemAsync("throttlePerSecond", "0");
        AssertHeaders(invalid);
        var anonymous = await silo.Factory.CreateClient().GetAsync($"/api/stores/{store}/sms-channel");
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
        AssertHeaders(anonymous);
        var unknownPath = await _client.GetAsync("/no/such/path");
        await unknownPath.AssertProblemAsync(HttpStatusCode.NotFound);
        AssertHeaders(unknownPath);
        var wrongMethod = await _client.DeleteAsync($"/api/stores/{store}/sms-channel");
        await wrongMethod.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        AssertHeaders(wrongMethod);

        // The callback: its answer, and the 404 of a wrong secret.
        var report = await _client.PostAsJsonAsync(callbackPath, new { id = "sim-1", status = "delivered", code = 0, eventAt = "2026-11-25T10:00:00Z" });
        Assert.Equal("unmatched", (await report.ReadJsonAsync()).GetProperty("outcome").GetString());
        AssertHeaders(report);
        var wrongSecret = await _client.PostAsJsonAsync($"/callbacks/instasent/{store}/not-the-secret", new { id = "sim-1", status = "delivered" });
        await wrongSecret.AssertProblemAsync(HttpStatusCode.NotFound);
        AssertHeaders(wrongSecret);
    }

    [Fact]
    public async Task Health_metrics_and_the_openapi_document_carry_them_too()
    {
        foreach (var path in new[] { "/health/live", "/metrics", "/openapi/v1.json" })
        {
            var response = await _client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertHeaders(response);
        }
    }
}
