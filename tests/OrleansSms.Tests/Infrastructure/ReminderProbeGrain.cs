namespace OrleansSms.Tests.Infrastructure;

/// <summary>Registers and removes a reminder: answers once the silo's reminder service takes registrations.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task RegisterAndRemoveAsync();
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public async Task RegisterAndRemoveAsync()
    {
        var reminder = await this.RegisterOrUpdateReminder("probe", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
