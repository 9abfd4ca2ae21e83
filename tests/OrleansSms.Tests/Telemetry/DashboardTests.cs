using System.Net;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Telemetry;

/// <summary>The Orleans Dashboard: off unless <c>Dashboard:Enabled</c>, and then behind an all-stores API key.</summary>
[Collection(TelemetrySiloCollection.Name)]
public sealed class DashboardTests(TelemetrySiloFixture silo)
{
    [Fact]
    public async Task The_dashboard_is_not_served_by_default()
    {
        using var response = await silo.Client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task When_enabled_the_dashboard_needs_an_all_stores_key()
    {
        var settings = new Dictionary<string, string?>(SiloFactory.Memory()) { ["Dashboard:Enabled"] = "true" };
        await using var factory = new SiloFactory(settings);

        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);

        using var storeKey = factory.CreateAuthorizedClient(SiloFactory.StoreKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await storeKey.GetAsync("/dashboard/")).StatusCode);

        using var allStores = factory.CreateAuthorizedClient();
        // "/dashboard/": "/dashboard" redirects there, and HttpClient drops the key on a redirect.
        using var page = await allStores.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        // Its data API answers too (the page's scripts call it).
        using var data = await allStores.GetAsync("/dashboard/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
    }
}
