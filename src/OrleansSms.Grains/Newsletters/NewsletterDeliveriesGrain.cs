using Orleans.Concurrency;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Newsletters;

/// <inheritdoc cref="INewsletterDeliveriesGrain"/>
/// <remarks>
/// Reentrant: the reports of a newsletter's messages arrive at Instasent's pace, thousands a
/// second, and those that come while a write is in flight share the next one.
/// </remarks>
[Reentrant]
internal sealed class NewsletterDeliveriesGrain(
    [PersistentState("newsletterDeliveries", StorageNames.Sms)] IPersistentState<NewsletterDeliveriesState> state) : Grain, INewsletterDeliveriesGrain
{
    /// <summary>The largest position counted (a partition of ten million contacts); a larger one is not a shard's.</summary>
    private const int MaxPosition = 10_000_000;

    private readonly CoalescingStateWriter<NewsletterDeliveriesState> _writer = new(state);

    public async Task CountAsync(int position, bool delivered)
    {
        if (position is < 0 or > MaxPosition)
        {
            return;
        }

        var s = state.State;
        if (NewsletterDeliveryMarks.IsMarked(delivered ? s.Delivered : s.Undelivered, position))
        {
            // Marked already; durably once the write that carries the mark has landed.
            await _writer.WhenIdleAsync();
            return;
        }

        await _writer.WriteAsync(() =>
        {
            if (delivered)
            {
                s.Delivered = NewsletterDeliveryMarks.Mark(s.Delivered, position);
            }
            else
            {
                s.Undelivered = NewsletterDeliveryMarks.Mark(s.Undelivered, position);
            }
        });
    }

    public Task<NewsletterDeliveries> GetAsync() => Task.FromResult(new NewsletterDeliveries(
        NewsletterDeliveryMarks.Count(state.State.Delivered), NewsletterDeliveryMarks.Count(state.State.Undelivered)));
}
