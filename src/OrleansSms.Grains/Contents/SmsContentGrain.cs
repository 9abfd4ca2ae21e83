using OrleansSms.Abstractions.Audit;
using OrleansSms.Abstractions.Contents;

namespace OrleansSms.Grains.Contents;

/// <inheritdoc cref="ISmsContentGrain"/>
/// <remarks>
/// Listed in the store's content directory before its first save is written (a listed content
/// whose write failed is left out of lists, as it does not exist); a content saved before the
/// directory existed lists itself when it is next activated. Each save is recorded in the store's
/// audit trail before it is answered.
/// </remarks>
internal sealed partial class SmsContentGrain(
    [PersistentState("smsContent", StorageNames.Sms)] IPersistentState<SmsContentState> state,
    TimeProvider time,
    ILogger<SmsContentGrain> logger) : Grain, ISmsContentGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Exists && !state.State.Listed)
        {
            // Written as listed with the next save; until then each activation asks again (no write there).
            var (storeId, smsId) = SmsContentKeys.Parse(this.GetPrimaryKeyString());
            try
            {
                await GrainFactory.GetSmsContentDirectory(storeId).AddAsync(smsId);
            }
            catch (Exception e)
            {
                // The content still serves its sends; the next activation lists it.
                LogNotListed(logger, e, storeId, smsId);
            }
        }
    }

    public Task<SmsContent?> GetAsync() => Task.FromResult(state.State.Exists ? Snapshot() : null);

    public async Task<SmsContent> SaveAsync(string name, string text)
    {
        var (storeId, smsId) = SmsContentKeys.Parse(this.GetPrimaryKeyString());
        if (!state.State.Listed)
        {
            await GrainFactory.GetSmsContentDirectory(storeId).AddAsync(smsId);
        }

        state.State.Exists = true;
        state.State.Listed = true;
        state.State.Name = name;
        state.State.Text = text;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        await GrainFactory.GetStoreAudit(storeId).RecordAsync(new AuditRecord { Action = AuditAction.ContentSaved, Target = AuditTargets.Content(smsId) });
        return Snapshot();
    }

    public async Task<bool> DeleteAsync()
    {
        if (!state.RecordExists)
        {
            return false;
        }

        var existed = state.State.Exists;
        await state.ClearStateAsync();
        state.State = new SmsContentState();
        var (storeId, smsId) = SmsContentKeys.Parse(this.GetPrimaryKeyString());
        await GrainFactory.GetSmsContentDirectory(storeId).RemoveAsync(smsId);
        if (existed)
        {
            await GrainFactory.RecordContentDeletedAsync(storeId, smsId);
        }

        return existed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS content {StoreId}/{SmsId} could not be listed in its store's directory; its next activation tries again")]
    private static partial void LogNotListed(ILogger logger, Exception exception, string storeId, string smsId);

    private SmsContent Snapshot()
    {
        var (_, smsId) = SmsContentKeys.Parse(this.GetPrimaryKeyString());
        return new SmsContent(smsId, state.State.Name, state.State.Text, state.State.UpdatedAt);
    }
}
