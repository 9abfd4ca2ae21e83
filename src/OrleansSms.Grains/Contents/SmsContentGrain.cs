using OrleansSms.Abstractions.Contents;

namespace OrleansSms.Grains.Contents;

/// <inheritdoc cref="ISmsContentGrain"/>
internal sealed class SmsContentGrain(
    [PersistentState("smsContent", StorageNames.Sms)] IPersistentState<SmsContentState> state,
    TimeProvider time) : Grain, ISmsContentGrain
{
    public Task<SmsContent?> GetAsync() => Task.FromResult(state.State.Exists ? Snapshot() : null);

    public async Task<SmsContent> SaveAsync(string name, string text)
    {
        state.State.Exists = true;
        state.State.Name = name;
        state.State.Text = text;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
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
        return existed;
    }

    private SmsContent Snapshot()
    {
        var (_, smsId) = SmsContentKeys.Parse(this.GetPrimaryKeyString());
        return new SmsContent(smsId, state.State.Name, state.State.Text, state.State.UpdatedAt);
    }
}
