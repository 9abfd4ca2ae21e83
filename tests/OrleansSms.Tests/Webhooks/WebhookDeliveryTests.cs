using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Webhooks;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Webhooks;
using OrleansSms.Grains;
using OrleansSms.Grains.Contacts;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Webhooks;

/// <summary>
/// Deliveries to a store's own endpoint: signed, shaped as documented, retried on the webhooks'
/// (fake) clock, in order per contact, cut when they hang, bounded per queue, and never lost
/// between a contact's write and its hand-off.
/// </summary>
[Collection(WebhookSiloCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private WebhookReceiver Receiver => silo.Receiver;

    private sealed record Sent(string ClientId, string ProviderId);

    private async Task<Sent> SendAsync(string store, string contact, string kind = "transactional")
    {
        var sent = await (await _client.PostAsJsonAsync($"/api/stores/{store}/contacts/{contact}/sms", new { text = "Hola", senderName = "MyShop", kind })).ReadJsonAsync();
        return new(sent.GetProperty("clientId").GetString() ?? "", sent.GetProperty("providerId").GetString() ?? "");
    }

    private async Task<string> CallbackPathAsync(string store)
    {
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        return new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;
    }

    private async Task ReportAsync(string store, object report)
    {
        var answer = await (await _client.PostAsJsonAsync(await CallbackPathAsync(store), report)).ReadJsonAsync();
        Assert.Equal("applied", answer.GetProperty("outcome").GetString());
    }

    private Task<IReadOnlyList<ReceivedDelivery>> ReceivedAsync(string endpoint, Func<IReadOnlyList<ReceivedDelivery>, bool> done, string what) =>
        SendingSiloFixture.EventuallyAsync(() => Task.FromResult(Receiver.Received(endpoint)), done, what);

    [Fact]
    public async Task A_delivery_is_a_signed_POST_of_the_event_with_its_contact_and_message()
    {
        var store = await silo.StoreAsync();
        var endpoint = Ids.Unique("shape");
        var secret = await silo.WebhookAsync(store, "orders", endpoint, "message.sent");
        var phone = TestPhones.Next();
        var contact = await silo.ContactAsync(store, phone);

        var sent = await SendAsync(store, contact);

        var delivery = Assert.Single(await ReceivedAsync(endpoint, r => r.Count > 0, "the delivery"));
        Assert.True(delivery.SignedWith(secret), $"signature {delivery.Signature} does not verify");
        Assert.False(delivery.SignedWith("whsec_another"));
        Assert.True(WebhookSignature.Verify(secret, delivery.Signature, delivery.Body, silo.Clock.GetUtcNow()));
        Assert.StartsWith($"t={silo.Clock.GetUtcNow().ToUnixTimeSeconds()},v1=", delivery.Signature, StringComparison.Ordinal);

        var json = delivery.Json;
        Assert.Matches("^evt_[0-9a-f]{32}$", delivery.Id);
        Assert.Equal("message.sent", delivery.Type);
        Assert.Equal(store, json.GetProperty("storeId").GetString());
        Assert.True(json.GetProperty("at").TryGetDateTimeOffset(out _), json.ToString());
        var data = delivery.Data;
        Assert.Equal(contact, data.GetProperty("contactId").GetString());
        Assert.Equal("sent", data.GetProperty("status").GetString());
        Assert.Equal(sent.ClientId, data.GetProperty("clientId").GetString());
        Assert.Equal(sent.ProviderId, data.GetProperty("providerId").GetString());
        Assert.Equal(phone, data.GetProperty("phone").GetString());
        Assert.Equal("transactional", data.GetProperty("kind").GetString());

        var attempt = Assert.Single((await silo.DeliveriesAsync(store, "orders")).GetProperty("items").EnumerateArray());
        Assert.Equal(delivery.Id, attempt.GetProperty("eventId").GetString());
        Assert.Equal("message.sent", attempt.GetProperty("type").GetString());
        Assert.Equal(1, attempt.GetProperty("attempt").GetInt32());
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal("delivered", attempt.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("nextRetryAt").ValueKind);
    }

    [Fact]
    public async Task An_endpoint_that_answers_500_twice_gets_the_same_event_a_third_time_after_backoff()
    {
        var store = await silo.StoreAsync();
        var endpoint = Ids.Unique("retry");
        var secret = await silo.WebhookAsync(store, "flaky", endpoint, "message.sent");
        Receiver.Answer(endpoint, 500, 500);
        var contact = await silo.ContactAsync(store, TestPhones.Next());

        await SendAsync(store, contact);
        await silo.AdvanceUntilAsync(() => Receiver.Received(endpoint).Any(r => r.Delivered), TimeSpan.FromSeconds(1), "the third attempt");

        var received = Receiver.Received(endpoint);
        Assert.Equal([500, 500, 200], received.Select(r => r.Status));
        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.Single(received.Select(r => Convert.ToBase64String(r.Body)).Distinct());
        Assert.All(received, r => Assert.True(r.SignedWith(secret)));

        var deliveries = await silo.DeliveriesAsync(store, "flaky");
        var items = deliveries.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal([3, 2, 1], items.Select(i => i.GetProperty("attempt").GetInt32()));
        Assert.Equal([200, 500, 500], items.Select(i => i.GetProperty("statusCode").GetInt32()));
        Assert.Equal(["delivered", "failed", "failed"], items.Select(i => i.GetProperty("outcome").GetString()));
        Assert.Single(items.Select(i => i.GetProperty("eventId").GetString()).Distinct());
        Assert.Equal(0, deliveries.GetProperty("queued").GetInt32());

        // Each failure named its retry, and the retries waited: 10 s then 20 s, give or take 20 %.
        var at = items.Select(i => i.GetProperty("at").GetDateTimeOffset()).Reverse().ToArray();
        var retryAt = items.Reverse().Select(i => i.GetProperty("nextRetryAt")).ToArray();
        Assert.All(retryAt[..2], r => Assert.Equal(JsonValueKind.String, r.ValueKind));
        Assert.InRange(retryAt[0].GetDateTimeOffset() - at[0], TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));
        Assert.InRange(retryAt[1].GetDateTimeOffset() - at[1], TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(24));
        Assert.True(at[1] >= retryAt[0].GetDateTimeOffset() && at[2] >= retryAt[1].GetDateTimeOffset(), "an attempt came before its retry time");
    }

    [Fact]
    public async Task A_contacts_events_arrive_in_order_even_when_the_first_needed_retries_and_other_contacts_go_meanwhile()
    {
        var store = await silo.StoreAsync();
        var endpoint = Ids.Unique("order");
        await silo.WebhookAsync(store, "ordered", endpoint, "message.sent", "message.delivered");
        Receiver.FailFirstEvent(endpoint, times: 2);
        var ana = await silo.ContactAsync(store, TestPhones.Next());
        var bea = await silo.ContactAsync(store, TestPhones.Next());

        // Ana's first event fails; her next two wait behind it.
        var first = await SendAsync(store, ana);
        await ReceivedAsync(endpoint, r => r.Count == 1, "the first attempt");
        await ReportAsync(store, new { id = first.ProviderId, clientId = first.ClientId, status = "delivered", code = 0 });
        var second = await SendAsync(store, ana);

        // Bea's event goes at once, while Ana's waits for its retry.
        await SendAsync(store, bea);
        await ReceivedAsync(endpoint, r => r.Any(d => d.ContactId == bea && d.Delivered), "Bea's event");
        Assert.All(Receiver.Received(endpoint).Where(d => d.ContactId == ana), d => Assert.Equal(500, d.Status));

        await silo.AdvanceUntilAsync(() => Receiver.Received(endpoint).Count(d => d.ContactId == ana && d.Delivered) == 3, TimeSpan.FromSeconds(1), "Ana's three events");

        var anas = Receiver.Received(endpoint).Where(d => d.ContactId == ana).ToList();
        var delivered = anas.Where(d => d.Delivered).ToList();
        Assert.Equal(
            [("message.sent", first.ClientId), ("message.delivered", first.ClientId), ("message.sent", second.ClientId)],
            delivered.Select(d => (d.Type, d.Data.GetProperty("clientId").GetString())));
        Assert.Equal(3, anas.Count(d => d.Id == delivered[0].Id));

        // Nothing of Ana's went before her first event was delivered, nor any event before the one before it.
        for (var i = 1; i < delivered.Count; i++)
        {
            var firstTry = anas.First(d => d.Id == delivered[i].Id).Sequence;
            Assert.True(firstTry > delivered[i - 1].Sequence, $"{delivered[i].Type} was tried before {delivered[i - 1].Type} was delivered");
        }

        Assert.True(Receiver.Received(endpoint).First(d => d.ContactId == bea).Sequence < delivered[0].Sequence);
    }

    [Fact]
    public async Task Every_transition_of_a_contact_becomes_its_event()
    {
        var store = await silo.StoreAsync();
        var endpoint = Ids.Unique("all");
        await silo.WebhookAsync(store, "everything", endpoint, [.. WebhookEventTypes.All.Select(WebhookEventTypes.ToWire)]);
        var (ana, bea, carla) = (await silo.ContactAsync(store, TestPhones.Next()), await silo.ContactAsync(store, TestPhones.Next(), subscription: "notSubscribed"), await silo.ContactAsync(store, TestPhones.Next()));

        // Ana: delivered, then a hard bounce. Bea: a newsletter she is not subscribed to. Carla: replies STOP.
        var delivered = await SendAsync(store, ana);
        await ReportAsync(store, new { id = delivered.ProviderId, clientId = delivered.ClientId, status = "delivered", code = 0 });
        var bounced = await SendAsync(store, ana);
        await ReportAsync(store, new { id = bounced.ProviderId, clientId = bounced.ClientId, status = "failed", code = 2 });
        await SendAsync(store, bea, kind: "newsletter");
        var answered = await SendAsync(store, carla);
        await ReportAsync(store, new { id = Ids.Unique("in"), clientId = answered.ClientId, message = "STOP" });

        var received = await ReceivedAsync(endpoint, r => r.Count >= 9, "nine events");
        string[] Types(string contact) => [.. received.Where(r => r.ContactId == contact).Select(r => r.Type)];
        Assert.Equal(["message.sent", "message.delivered", "message.sent", "message.undelivered", "contact.bounced"], Types(ana));
        Assert.Equal(["message.skipped"], Types(bea));
        Assert.Equal(["message.sent", "message.inbound", "contact.optedOut"], Types(carla));
        Assert.All(received, r => Assert.True(r.Delivered));

        var byType = received.ToLookup(r => (r.ContactId, r.Type));
        var undelivered = byType[(ana, "message.undelivered")].Single().Data;
        Assert.Equal("undelivered", undelivered.GetProperty("status").GetString());
        Assert.Equal("failed", undelivered.GetProperty("providerStatus").GetString());
        Assert.Contains("failed", undelivered.GetProperty("reason").GetString());
        var bounce = byType[(ana, "contact.bounced")].Single().Data;
        Assert.Equal("bounced", bounce.GetProperty("status").GetString());
        Assert.Equal(bounced.ClientId, bounce.GetProperty("clientId").GetString());
        var skipped = byType[(bea, "message.skipped")].Single().Data;
        Assert.Equal("notSubscribed", skipped.GetProperty("reason").GetString());
        Assert.Equal("newsletter", skipped.GetProperty("kind").GetString());
        var inbound = byType[(carla, "message.inbound")].Single().Data;
        Assert.Equal("STOP", inbound.GetProperty("text").GetString());
        Assert.Equal("STOP", inbound.GetProperty("keyword").GetString());
        Assert.Equal("optOut", inbound.GetProperty("action").GetString());
        var optedOut = byType[(carla, "contact.optedOut")].Single().Data;
        Assert.Equal("notSubscribed", optedOut.GetProperty("status").GetString());
        Assert.Equal("keyword", optedOut.GetProperty("reason").GetString());

        // The same report again is no new transition, and no new event.
        await (await _client.PostAsJsonAsync(await CallbackPathAsync(store), new { id = delivered.ProviderId, clientId = delivered.ClientId, status = "delivered", code = 0 })).ReadJsonAsync();
        await SendAsync(store, carla);
        await ReceivedAsync(endpoint, r => r.Count >= 10, "the next event");
        Assert.Single(Receiver.Received(endpoint), r => r.ContactId == ana && r.Type == "message.delivered");
    }

    [Fact]
    public async Task A_disabled_webhook_takes_no_events_and_an_enabled_one_of_the_same_store_gets_them()
    {
        var store = await silo.StoreAsync();
        var (off, on) = (Ids.Unique("off"), Ids.Unique("on"));
        await silo.WebhookAsync(store, "paused", off, "message.sent");
        await (await _client.PutAsJsonAsync($"/api/stores/{store}/webhooks/paused", new { enabled = false })).ReadJsonAsync();
        await silo.WebhookAsync(store, "live", on, "message.sent");
        var contact = await silo.ContactAsync(store, TestPhones.Next());

        await SendAsync(store, contact);

        // Both were decided in the same hand-off: once the live one has its event, the paused one has none.
        await ReceivedAsync(on, r => r.Count == 1, "the live webhook's event");
        Assert.Empty(Receiver.Received(off));
        Assert.Equal(0, (await silo.DeliveriesAsync(store, "paused")).GetProperty("queued").GetInt32());
    }

    [Fact]
    public async Task An_event_written_with_its_transition_but_never_handed_off_is_delivered_when_the_contact_wakes()
    {
        var store = await silo.StoreAsync();
        var endpoint = Ids.Unique("crash");
        await silo.WebhookAsync(store, "durable", endpoint, "message.delivered");
        var services = silo.Factory.Services;
        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);
        var contact = Ids.Contact();
        var grainId = services.GetRequiredService<IGrainFactory>().GetContact(store, contact).GetGrainId();
        var eventId = WebhookEventIds.For(store, contact, WebhookEventType.MessageDelivered, contact + ".1");

        // What a silo that died right after the contact's write leaves: the transition and its
        // event stored together, the dispatcher never told, no activation anywhere.
        var now = DateTimeOffset.UtcNow;
        await storage.WriteStateAsync(ContactGrain.StateName, grainId, new GrainState<ContactState>(new ContactState
        {
            Exists = true,
            MobilePhone = TestPhones.Next(),
            MobilePhoneStatus = PhoneStatus.Active,
            SmsSubscriptionStatus = SubscriptionStatus.Subscribed,
            CreatedAt = now,
            UpdatedAt = now,
            WebhookOutbox =
            [
                new WebhookEvent { Id = eventId, Type = WebhookEventType.MessageDelivered, At = now, ContactId = contact, Data = new WebhookEventData { ClientId = contact + ".1" } },
            ],
        }));

        // Anything that wakes the contact hands the event on.
        await (await _client.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync();

        var delivery = Assert.Single(await ReceivedAsync(endpoint, r => r.Count > 0, "the event left in the outbox"));
        Assert.Equal(eventId, delivery.Id);
        Assert.Equal(contact, delivery.ContactId);

        // Taken by the dispatcher, it leaves the contact's stored outbox.
        await SendingSiloFixture.EventuallyAsync(async () =>
        {
            var stored = new GrainState<ContactState>(new ContactState());
            await storage.ReadStateAsync(ContactGrain.StateName, grainId, stored);
            return stored.State?.WebhookOutbox?.Count ?? 0;
        }, count => count == 0, "the stored outbox to empty");
    }

    [Fact]
    public async Task An_endpoint_that_hangs_is_cut_at_the_attempt_timeout_and_tried_again()
    {
        var store = await silo.StoreAsync();
        var endpoint = Ids.Unique("hang");
        await silo.WebhookAsync(store, "slow", endpoint, "message.sent");
        Receiver.Hang(endpoint);
        var contact = await silo.ContactAsync(store, TestPhones.Next());

        await SendAsync(store, contact);
        await ReceivedAsync(endpoint, r => r.Count == 1, "the hanging attempt");
        Assert.Equal(1, (await silo.DeliveriesAsync(store, "slow")).GetProperty("queued").GetInt32());

        JsonElement cut = default;
        await silo.AdvanceUntilAsync(async () =>
        {
            cut = await silo.DeliveriesAsync(store, "slow");
            return cut.GetProperty("items").GetArrayLength() > 0;
        }, TimeSpan.FromSeconds(5), "the attempt to be cut");

        var attempt = cut.GetProperty("items")[0];
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
        Assert.StartsWith("timeout after", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", attempt.GetProperty("outcome").GetString());
        await silo.AdvanceUntilAsync(() => Receiver.Received(endpoint).Count >= 2, TimeSpan.FromSeconds(5), "the retry");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/stores/{store}/webhooks/slow")).StatusCode);
    }

    [Fact]
    public async Task A_full_queue_takes_no_more_events_and_counts_what_it_dropped()
    {
        var store = await silo.StoreAsync();
        var endpoint = Ids.Unique("full");
        await silo.WebhookAsync(store, "backlog", endpoint, "message.sent");
        Receiver.Hang(endpoint);
        var dispatcher = silo.Factory.Services.GetRequiredService<IGrainFactory>().GetWebhookDispatcher(store, 0);
        var limit = new Grains.Webhooks.WebhookOptions().PartitionQueueLimit;
        WebhookEvent Event(int i) => new()
        {
            Id = WebhookEventIds.For(store, "c" + i, WebhookEventType.MessageSent, "c" + i + ".1"),
            Type = WebhookEventType.MessageSent,
            At = DateTimeOffset.UtcNow,
            ContactId = "c" + i,
        };

        await dispatcher.AcceptAsync([.. Enumerable.Range(0, limit + 25).Select(Event)]);
        await dispatcher.AcceptAsync([Event(0), Event(limit + 100)]);

        var deliveries = await silo.DeliveriesAsync(store, "backlog");
        Assert.Equal(limit, deliveries.GetProperty("queued").GetInt32());
        Assert.Equal(26, deliveries.GetProperty("dropped").GetInt64());
        Assert.Equal(JsonValueKind.String, deliveries.GetProperty("lastDroppedAt").ValueKind);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/stores/{store}/webhooks/backlog")).StatusCode);
        Assert.Equal(0, (await dispatcher.GetDeliveriesAsync("backlog")).Queued);
    }
}
