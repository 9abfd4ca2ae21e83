using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansSms.Grains.Webhooks;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Webhooks;

/// <summary>
/// The quiet sending silo (tests post Instasent's reports) whose webhooks run on a fake clock
/// (<see cref="Clock"/>): retries come when a test moves it, never by waiting. Everything else
/// (contacts, Orleans) keeps the system clock. A <see cref="WebhookReceiver"/> plays the store's
/// own system. An attempt times out after a minute of that clock, so the clock a test moves
/// while an attempt is on its way does not cut it.
/// </summary>
public sealed class WebhookSiloFixture() : SendingSiloFixture(
    deliveryDelayMs: 3_600_000,
    settings: new Dictionary<string, string?> { ["Webhooks:AttemptTimeout"] = "00:01:00" },
    services: s => s.AddKeyedSingleton<TimeProvider>(WebhookSender.TimeProviderKey, SharedClock))
{
    private static readonly FakeTimeProvider SharedClock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The webhooks' clock.</summary>
    public FakeTimeProvider Clock => SharedClock;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Receiver = await WebhookReceiver.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Creates a webhook to the receiver's endpoint <paramref name="endpoint"/>; answers its secret.</summary>
    public async Task<string> WebhookAsync(string store, string webhookId, string endpoint, params string[] events)
    {
        var created = await (await Client.PutAsJsonAsync($"/api/stores/{store}/webhooks/{webhookId}", new { url = Receiver.Url(endpoint), events })).ReadJsonAsync();
        return created.GetProperty("secret").GetString()!;
    }

    public async Task<JsonElement> DeliveriesAsync(string store, string webhookId) =>
        await (await Client.GetAsync($"/api/stores/{store}/webhooks/{webhookId}/deliveries")).ReadJsonAsync();

    /// <summary>
    /// Polls <paramref name="done"/>, moving the webhooks' clock by <paramref name="step"/> before
    /// each new look, so that retries due meanwhile are made; fails after the deadline.
    /// </summary>
    public Task AdvanceUntilAsync(Func<bool> done, TimeSpan step, string what, int seconds = 30) =>
        AdvanceUntilAsync(() => Task.FromResult(done()), step, what, seconds);

    /// <inheritdoc cref="AdvanceUntilAsync(Func{bool}, TimeSpan, string, int)"/>
    public async Task AdvanceUntilAsync(Func<Task<bool>> done, TimeSpan step, string what, int seconds = 30)
    {
        await EventuallyAsync(async () =>
        {
            var result = await done();
            if (!result)
            {
                Clock.Advance(step);
            }

            return result;
        }, d => d, what, seconds);
    }
}

[CollectionDefinition(Name)]
public sealed class WebhookSiloCollection : ICollectionFixture<WebhookSiloFixture>
{
    public const string Name = "webhook silo";
}
