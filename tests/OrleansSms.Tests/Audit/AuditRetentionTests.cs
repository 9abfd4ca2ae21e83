using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansSms.Abstractions.Audit;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Audit;

/// <summary>A store keeps the newest <c>Audit:MaxEntries</c> entries, none older than <c>Audit:Retention</c>, timed by the silo's clock.</summary>
public sealed class AuditRetentionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private SiloFactory _silo = null!;

    public Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(SiloFactory.Memory())
        {
            ["Audit:MaxEntries"] = "10",
            ["Audit:Retention"] = "2.00:00:00",
        };
        _silo = new SiloFactory(settings, services: s => s.AddSingleton<TimeProvider>(_clock));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Past_the_count_the_oldest_go_past_the_age_none_is_shown_and_each_is_timed_by_the_clock()
    {
        using var client = _silo.CreateAuthorizedClient();
        var grains = _silo.Services.GetRequiredService<IGrainFactory>();
        var store = Ids.Store();
        for (var i = 0; i < 14; i++)
        {
            await grains.RecordContactErasedAsync(store, $"c{i}", "tool");
            _clock.Advance(TimeSpan.FromHours(1));
        }

        var (kept, _) = await ListPages.WalkAsync(client, $"/api/stores/{store}/audit", limit: 3);
        Assert.Equal(Enumerable.Range(4, 10).Reverse().Select(i => $"contacts/c{i}"), kept.Strings("target"));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9 + 13, 0, 0, TimeSpan.Zero), kept[0].GetProperty("at").GetDateTimeOffset());

        // Two days after c10 was recorded, those before it are past the retention.
        _clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromHours(4));
        var (recent, _) = await ListPages.WalkAsync(client, $"/api/stores/{store}/audit", limit: 3);
        Assert.Equal(["contacts/c13", "contacts/c12", "contacts/c11", "contacts/c10"], recent.Strings("target"));
    }
}
