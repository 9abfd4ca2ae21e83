namespace OrleansSms.Grains;

/// <summary>
/// How often the reminders that see unfinished work through come back (section
/// <c>Durability</c>): resending messages Instasent has not taken, resuming runs and newsletter
/// shards whose silo died. Orleans' reminders tick at most once a minute unless
/// <c>Orleans:Reminders:MinimumReminderPeriod</c> is lowered too (tests do).
/// </summary>
public sealed class DurabilityOptions
{
    public const string Section = "Durability";

    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromMinutes(1);
}
