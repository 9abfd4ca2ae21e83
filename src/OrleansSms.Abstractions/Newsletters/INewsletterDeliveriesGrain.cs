namespace OrleansSms.Abstractions.Newsletters;

/// <summary>
/// What Instasent reported of one newsletter shard's messages (key: the shard's, a
/// <see cref="ShardKey"/>): each message's position in the shard's walk, marked delivered or
/// undelivered. Apart from the shard, so that reports never wait for, nor interleave with, its walk.
/// </summary>
public interface INewsletterDeliveriesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Marks the message at <paramref name="position"/> delivered or undelivered, durably before it
    /// answers. Idempotent: a repeated report marks nothing twice.
    /// </summary>
    Task CountAsync(int position, bool delivered);

    [Orleans.Concurrency.ReadOnly]
    Task<NewsletterDeliveries> GetAsync();
}
