using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Api;

[Collection(MemorySiloCollection.Name)]
public sealed class AuthTests(MemorySiloFixture silo)
{
    /// <summary>Every /api route with a store in its path, and a body that would be valid.</summary>
    public static TheoryData<string, string, string?, string> StoreRoutes() => new()
    {
        { "PUT", "/api/stores/{store}/sms-channel", """{"provider":"instasent","apiToken":"abcdefghijklmnop"}""", "application/json" },
        { "GET", "/api/stores/{store}/sms-channel", null, "" },
        { "POST", "/api/stores/{store}/sms-channel/rotate-callback-secret", null, "" },
        { "PUT", "/api/stores/{store}/contacts/c1", """{"fields":{"firstName":"Ana"}}""", "application/json" },
        { "GET", "/api/stores/{store}/contacts/c1", null, "" },
        { "POST", "/api/stores/{store}/contacts/import", "contactId,firstName\nc1,Ana\n", "text/csv" },
        { "DELETE", "/api/stores/{store}/contacts/c-erased", null, "" },
        { "DELETE", "/api/stores/{store}/sms/gone", null, "" },
        { "DELETE", "/api/stores/{store}/workflows/gone", null, "" },
        { "POST", "/api/stores/{store}/events", """{"type":"contactInfo","contactId":"c1","properties":{"firstName":"Ana"}}""", "application/json" },
        { "GET", "/api/stores/{store}/sms", null, "" },
        { "GET", "/api/stores/{store}/workflows", null, "" },
        { "GET", "/api/stores/{store}/workflows/w1/versions/1", null, "" },
        { "GET", "/api/stores/{store}/workflows/w1/runs", null, "" },
        { "GET", "/api/stores/{store}/audit", null, "" },
    };

    private static HttpRequestMessage Request(string method, string path, string store, string? body, string contentType, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{store}", store));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(StoreRoutes))]
    public async Task Without_a_key_every_route_answers_401(string method, string path, string? body, string contentType)
    {
        var client = silo.Factory.CreateClient();
        var response = await client.SendAsync(Request(method, path, Ids.Store(), body, contentType, key: null));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(StoreRoutes))]
    public async Task With_an_unknown_key_every_route_answers_401(string method, string path, string? body, string contentType)
    {
        var client = silo.Factory.CreateClient();
        var response = await client.SendAsync(Request(method, path, Ids.Store(), body, contentType, "not-a-configured-key"));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(StoreRoutes))]
    public async Task A_store_key_on_another_store_answers_403_and_changes_nothing(string method, string path, string? body, string contentType)
    {
        var client = silo.Factory.CreateClient();
        var otherStore = Ids.Store();
        var response = await client.SendAsync(Request(method, path, otherStore, body, contentType, SiloFactory.StoreKey));
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);

        // Nothing was written on the other store.
        var admin = silo.Client;
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/stores/{otherStore}/sms-channel")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/stores/{otherStore}/contacts/c1")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(StoreRoutes))]
    public async Task A_store_key_on_its_own_store_is_let_through(string method, string path, string? body, string contentType)
    {
        var client = silo.Factory.CreateClient();
        var response = await client.SendAsync(Request(method, path, SiloFactory.StoreKeyStore, body, contentType, SiloFactory.StoreKey));
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Health_routes_need_no_key()
    {
        var client = silo.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
