using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansSms.Silo.Callbacks;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Callbacks;

/// <summary>
/// The callback is open to anyone: a flood of made-up store ids must cost no activation of
/// store grains (and so no database read), while a real store's reports still go through.
/// </summary>
public sealed class UnknownStoreCallbackTests : IAsyncLifetime
{
    // The callback's own clock, stopped: what the flood costs does not depend on how fast it runs.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private SiloFactory _silo = null!;

    public Task InitializeAsync()
    {
        _silo = new SiloFactory(services: s => s.AddSingleton(sp => new CallbackSecrets(sp.GetRequiredService<IGrainFactory>(), _clock)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Callbacks_to_made_up_stores_activate_no_store_grain_and_a_real_store_still_gets_its_reports()
    {
        using var api = _silo.CreateAuthorizedClient();
        var before = await ChannelActivationsAsync();

        for (var i = 0; i < 300; i++)
        {
            var answer = await api.PostAsJsonAsync($"/callbacks/instasent/{Ids.Store()}/{Guid.NewGuid():N}{Guid.NewGuid():N}", new { id = "1", clientId = "x.1", status = "delivered" });
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }

        // At most the one lookup of an unlisted id the silo allows itself per interval (its clock stands still).
        Assert.InRange(await ChannelActivationsAsync() - before, 0, 1);

        // A store saved now is listed at once: its reports go through.
        var store = Ids.Store();
        var channel = await (await api.PutAsJsonAsync($"/api/stores/{store}/sms-channel",
            new { provider = "instasent", apiToken = $"token-{Guid.NewGuid():N}", defaultCountry = "ES" })).ReadJsonAsync();
        var path = new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;
        var report = await (await api.PostAsJsonAsync(path, new { id = "1", clientId = "ghost.1", status = "delivered" })).ReadJsonAsync();
        Assert.Equal("unmatched", report.GetProperty("outcome").GetString());
    }

    private async Task<int> ChannelActivationsAsync() =>
        (await _silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains(".StoreChannelGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
}
