namespace OrleansSms.Tests.Storage;

public interface IStorageProbeGrain : IGrainWithStringKey
{
    /// <summary>Writes the value to the "sms" provider and to the default provider.</summary>
    Task SetAsync(string value);

    /// <summary>Reads both states back from storage (not from memory) and returns them.</summary>
    Task<(string? Sms, string? Default, int Writes)> ReadFromStorageAsync();

    Task RegisterReminderAsync(string name);

    Task<bool> HasReminderAsync(string name);
}

[GenerateSerializer, Alias("OrleansSms.Tests.Storage.StorageProbeState")]
public sealed class StorageProbeState
{
    [Id(0)] public string? Value { get; set; }
    [Id(1)] public int Writes { get; set; }
}

public sealed class StorageProbeGrain(
    [PersistentState("storage-probe", "sms")] IPersistentState<StorageProbeState> sms,
    [PersistentState("storage-probe-default")] IPersistentState<StorageProbeState> fallback)
    : Grain, IStorageProbeGrain, IRemindable
{
    public async Task SetAsync(string value)
    {
        sms.State.Value = value;
        sms.State.Writes++;
        await sms.WriteStateAsync();
        fallback.State.Value = value;
        fallback.State.Writes++;
        await fallback.WriteStateAsync();
    }

    public async Task<(string? Sms, string? Default, int Writes)> ReadFromStorageAsync()
    {
        await sms.ReadStateAsync();
        await fallback.ReadStateAsync();
        return (sms.State.Value, fallback.State.Value, sms.State.Writes);
    }

    public Task RegisterReminderAsync(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<bool> HasReminderAsync(string name) => await this.GetReminder(name) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
