using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Contents;

/// <summary>A store's SMS content (key: <c>{storeId}/{smsId}</c>, see <see cref="SmsContentKeys"/>).</summary>
public interface ISmsContentGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<SmsContent?> GetAsync();

    Task<SmsContent> SaveAsync(string name, string text);
}
