using System.Net.Http.Json;
using System.Text;
using OrleansSms.Tests.Infrastructure;
using OrleansSms.Tests.Telemetry;

namespace OrleansSms.Tests.Webhooks;

/// <summary>
/// A webhook's secret signs its deliveries and goes nowhere else: not in a read, and not in
/// anything the silo logs (every category at Trace), traces or measures while it creates,
/// delivers to and rotates the webhook.
/// </summary>
[Collection(TelemetrySiloCollection.Name)]
public sealed class WebhookSecretTelemetryTests(TelemetrySiloFixture silo) : IAsyncLifetime
{
    private readonly HttpClient _client = silo.Client;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private async Task<IReadOnlyList<ReceivedDelivery>> SendAndReceiveAsync(string store, string contact, string endpoint, int count)
    {
        var sent = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Hola", senderName = "MyShop" })).ReadJsonAsync();
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        return await SendingSiloFixture.EventuallyAsync(() => Task.FromResult(_receiver.Received(endpoint)), r => r.Count >= count, $"{count} deliveries");
    }

    [Fact]
    public async Task The_secret_signs_deliveries_and_reaches_no_read_log_trace_or_metric()
    {
        var (store, _) = await silo.StoreAsync("tok-webhook-" + Guid.NewGuid().ToString("N"));
        var contact = await silo.ContactAsync(store, TestPhones.Next());
        var endpoint = Ids.Unique("signed");
        var created = await (await _client.PutAsJsonAsync($"/api/stores/{store}/webhooks/crm", new { url = _receiver.Url(endpoint), events = new[] { "message.sent", "message.delivered" } })).ReadJsonAsync();
        var secret = created.GetProperty("secret").GetString()!;

        // Signed with the secret: the message's sent and delivered events.
        var first = await SendAndReceiveAsync(store, contact, endpoint, 2);
        Assert.All(first, d => Assert.True(d.SignedWith(secret), $"{d.Type} is not signed with the secret"));
        Assert.Equal(["message.sent", "message.delivered"], first.Select(d => d.Type));

        // After a rotation, signed with the new one only.
        var rotated = (await (await _client.PostAsync($"/api/stores/{store}/webhooks/crm/rotate-secret", null)).ReadJsonAsync()).GetProperty("secret").GetString()!;
        var after = (await SendAndReceiveAsync(store, contact, endpoint, 4)).ToArray()[2..];
        Assert.All(after, d => Assert.True(d.SignedWith(rotated) && !d.SignedWith(secret), $"{d.Type} is not signed with the new secret only"));

        var reads = string.Concat(
            await _client.GetStringAsync($"/api/stores/{store}/webhooks/crm"),
            await _client.GetStringAsync($"/api/stores/{store}/webhooks"),
            await _client.GetStringAsync($"/api/stores/{store}/webhooks/crm/deliveries"));
        var scrape = await silo.Factory.CreateClient().GetStringAsync("/metrics");
        var texts = silo.Capture.AllTexts().Append((Where: "the API's reads", Text: reads)).Append((Where: "scrape /metrics", Text: scrape)).ToList();
        Assert.Contains(texts, t => t.Text.Contains("webhook crm saved", StringComparison.Ordinal));
        var leaks = new StringBuilder();
        foreach (var (what, value) in new Dictionary<string, string> { ["the first secret"] = secret, ["the rotated secret"] = rotated })
        {
            foreach (var (where, text) in texts.Where(t => t.Text.Contains(value, StringComparison.Ordinal)).Take(5))
            {
                leaks.AppendLine($"{what} in {where}: {text}");
            }
        }

        Assert.True(leaks.Length == 0, $"webhook secrets found ({texts.Count} texts searched):\n{leaks}");
    }
}
