using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Domain.Tests.Webhooks;

public class WebhookEventTypesTests
{
    [Theory]
    [InlineData(WebhookEventType.MessageSent, "message.sent")]
    [InlineData(WebhookEventType.MessageDelivered, "message.delivered")]
    [InlineData(WebhookEventType.MessageUndelivered, "message.undelivered")]
    [InlineData(WebhookEventType.MessageSkipped, "message.skipped")]
    [InlineData(WebhookEventType.MessageInbound, "message.inbound")]
    [InlineData(WebhookEventType.ContactOptedOut, "contact.optedOut")]
    [InlineData(WebhookEventType.ContactBounced, "contact.bounced")]
    public void Each_type_has_its_wire_name_both_ways(WebhookEventType type, string wire)
    {
        Assert.Equal(wire, WebhookEventTypes.ToWire(type));
        Assert.True(WebhookEventTypes.TryParse(wire, out var parsed));
        Assert.Equal(type, parsed);
    }

    [Theory]
    [InlineData("Message.Sent")]
    [InlineData("message.opened")]
    [InlineData("messageSent")]
    [InlineData(null)]
    public void Other_names_are_not_types(string? name) => Assert.False(WebhookEventTypes.TryParse(name, out _));

    [Fact]
    public void Masks_hold_exactly_their_types()
    {
        var mask = WebhookEventTypes.MaskOf([WebhookEventType.MessageDelivered, WebhookEventType.ContactBounced]);

        Assert.True(WebhookEventTypes.Contains(mask, WebhookEventType.MessageDelivered));
        Assert.True(WebhookEventTypes.Contains(mask, WebhookEventType.ContactBounced));
        Assert.False(WebhookEventTypes.Contains(mask, WebhookEventType.MessageSent));
        Assert.All(WebhookEventTypes.All, t => Assert.True(WebhookEventTypes.Contains(WebhookEventTypes.AllMask, t)));
    }

    [Fact]
    public void An_event_id_is_the_same_for_the_same_transition_and_differs_for_any_other()
    {
        var id = WebhookEventIds.For("shop", "ana", WebhookEventType.MessageDelivered, "ana.1");

        Assert.Equal(id, WebhookEventIds.For("shop", "ana", WebhookEventType.MessageDelivered, "ana.1"));
        Assert.Matches("^evt_[0-9a-f]{32}$", id);
        Assert.NotEqual(id, WebhookEventIds.For("shop", "ana", WebhookEventType.MessageSent, "ana.1"));
        Assert.NotEqual(id, WebhookEventIds.For("shop", "ana", WebhookEventType.MessageDelivered, "ana.2"));
        Assert.NotEqual(id, WebhookEventIds.For("other", "ana", WebhookEventType.MessageDelivered, "ana.1"));
    }
}
