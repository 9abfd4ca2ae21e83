using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Contents;

/// <summary>
/// Which SMS contents a store has (key: the store id), kept by the content grains, so the store's
/// contents can be listed in id order without a query over storage.
/// </summary>
public interface ISmsContentDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Lists the content (idempotent); durable before it answers.</summary>
    Task AddAsync(string smsId);

    /// <summary>Drops the content from the list (idempotent; a delete calls it); durable before it answers.</summary>
    Task RemoveAsync(string smsId);

    /// <summary>Up to <paramref name="limit"/> contents after <paramref name="after"/> in id order (ordinal).</summary>
    [ReadOnly]
    Task<SmsContentPage> ListAsync(string? after, int limit);
}

/// <summary>
/// A page of contents; <see cref="NextAfter"/> continues it (null: the list ends here). A page may
/// hold fewer items than asked when a listed content no longer exists.
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.SmsContentPage")]
public sealed record SmsContentPage(
    [property: Id(0)] SmsContent[] Items,
    [property: Id(1)] string? NextAfter);
