using OrleansSms.Domain.Webhooks;

namespace OrleansSms.Domain.Tests.Webhooks;

public class WebhookQueueOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed record Entry(string Id, string ContactId, DateTimeOffset NextAttemptAt, bool InFlight = false) : IQueuedWebhookEvent;

    private static List<string> Due(IReadOnlyList<Entry> queue, int slots, out DateTimeOffset? next)
    {
        var selection = WebhookQueueOrder.Select(queue, e => e.InFlight, Now, slots);
        next = selection.NextDueAt;
        return [.. selection.Due.Select(i => queue[i].Id)];
    }

    [Fact]
    public void Only_the_oldest_event_of_each_contact_may_go()
    {
        Entry[] queue = [new("a1", "ana", Now), new("b1", "bea", Now), new("a2", "ana", Now), new("b2", "bea", Now), new("c1", "carla", Now)];

        Assert.Equal(["a1", "b1", "c1"], Due(queue, 10, out _));
    }

    [Fact]
    public void A_contact_waiting_for_a_retry_holds_its_later_events_but_not_the_others()
    {
        Entry[] queue = [new("a1", "ana", Now.AddSeconds(20)), new("a2", "ana", Now), new("b1", "bea", Now)];

        Assert.Equal(["b1"], Due(queue, 10, out var next));
        Assert.Equal(Now.AddSeconds(20), next);
    }

    [Fact]
    public void An_event_in_flight_holds_its_contact_and_does_not_go_twice()
    {
        Entry[] queue = [new("a1", "ana", Now, InFlight: true), new("a2", "ana", Now), new("b1", "bea", Now)];

        Assert.Equal(["b1"], Due(queue, 10, out var next));
        Assert.Null(next);
    }

    [Fact]
    public void No_more_start_than_there_are_slots_oldest_first()
    {
        Entry[] queue = [new("a1", "ana", Now), new("b1", "bea", Now), new("c1", "carla", Now)];

        Assert.Equal(["a1", "b1"], Due(queue, 2, out _));
        Assert.Empty(Due(queue, 0, out _));
    }

    [Fact]
    public void The_wake_up_is_the_earliest_retry_among_the_contacts_heads()
    {
        Entry[] queue = [new("a1", "ana", Now.AddMinutes(5)), new("b1", "bea", Now.AddMinutes(1)), new("b2", "bea", Now.AddSeconds(1))];

        Assert.Empty(Due(queue, 4, out var next));
        Assert.Equal(Now.AddMinutes(1), next);
    }
}
