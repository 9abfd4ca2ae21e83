using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Contents;

/// <summary>A store's SMS content (key: <c>{storeId}/{smsId}</c>, see <see cref="SmsContentKeys"/>).</summary>
public interface ISmsContentGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<SmsContent?> GetAsync();

    Task<SmsContent> SaveAsync(string name, string text);

    /// <summary>
    /// Clears the content's record; false when there was none. Called by
    /// <see cref="Workflows.IStoreWorkflowsGrain.DeleteContentAsync"/>, which first checks that no
    /// active workflow names it. The id may be saved again as a new content.
    /// </summary>
    Task<bool> DeleteAsync();
}
