namespace OrleansSms.Abstractions.Contents;

/// <summary>Keys of <see cref="ISmsContentGrain"/>: <c>{storeId}/{smsId}</c>.</summary>
public static class SmsContentKeys
{
    public static string Format(string storeId, string smsId) => GrainKeys.Pair(storeId, smsId);

    public static (string StoreId, string SmsId) Parse(string key) => GrainKeys.SplitPair(key, "SMS content (storeId/smsId)");

    public static ISmsContentGrain GetSmsContent(this IGrainFactory grains, string storeId, string smsId) =>
        grains.GetGrain<ISmsContentGrain>(Format(storeId, smsId));

    /// <summary>The store's list of contents (key: the store id).</summary>
    public static ISmsContentDirectoryGrain GetSmsContentDirectory(this IGrainFactory grains, string storeId) =>
        grains.GetGrain<ISmsContentDirectoryGrain>(GrainKeys.Store(storeId));
}
