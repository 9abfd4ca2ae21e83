namespace OrleansSms.Grains;

internal static class ReminderExtensions
{
    /// <summary>Unregisters the reminder when it exists (a grain that finished its work).</summary>
    public static async Task UnregisterReminderIfAnyAsync(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
