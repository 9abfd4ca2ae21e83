using Orleans.Concurrency;
using OrleansSms.Abstractions.Contents;

namespace OrleansSms.Grains.Contents;

/// <inheritdoc cref="ISmsContentDirectoryGrain"/>
/// <remarks>
/// Reentrant: a list reads each content of its page from its grain, and a content grain that is
/// saving calls here; neither waits on the other. A content listed whose grain says it does not
/// exist (a save whose write failed after it was listed) is left out of the page.
/// </remarks>
[Reentrant]
internal sealed class SmsContentDirectoryGrain(
    [PersistentState("smsContentDirectory", StorageNames.Sms)] IPersistentState<IdDirectoryState> state) : Grain, ISmsContentDirectoryGrain
{
    private readonly IdDirectory _directory = new(state);

    public Task AddAsync(string smsId) => _directory.AddAsync(smsId);

    public Task RemoveAsync(string smsId) => _directory.RemoveAsync(smsId);

    public async Task<SmsContentPage> ListAsync(string? after, int limit)
    {
        var storeId = this.GetPrimaryKeyString();
        var (ids, more) = _directory.After(after, limit);
        var contents = await Task.WhenAll(ids.Select(id => GrainFactory.GetSmsContent(storeId, id).GetAsync()));
        return new SmsContentPage(contents.OfType<SmsContent>().ToArray(), more ? ids[^1] : null);
    }
}
