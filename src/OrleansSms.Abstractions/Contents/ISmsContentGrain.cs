using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Contents;

/// <summary>A store's SMS content (key: <c>{storeId}/{smsId}</c>): a name and a text with variables.</summary>
[GenerateSerializer, Immutable, Alias("sms.SmsContent")]
public sealed record SmsContent(
    [property: Id(0)] string SmsId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset UpdatedAt);

public interface ISmsContentGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<SmsContent?> GetAsync();

    Task<SmsContent> SaveAsync(string name, string text);
}

public static class SmsContentKeys
{
    public static ISmsContentGrain GetSmsContent(this IGrainFactory grains, string storeId, string smsId) =>
        grains.GetGrain<ISmsContentGrain>(string.Concat(storeId, "/", smsId));
}
