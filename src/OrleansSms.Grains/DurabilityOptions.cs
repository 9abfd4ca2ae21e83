namespace OrleansSms.Grains;

/// <summary>
/// How often the reminders that see unfinished work through come back (section
/// <c>Durability</c>): resending messages Instasent has not taken, resuming runs and newsletter
/// shards whose silo died. Orleans' reminders tick at most once a minute unless
/// <c>ClusterTuning:Reminders:MinimumReminderPeriod</c> is lowered too (tests do).
/// </summary>
public sealed class DurabilityOptions
{
    public const string Section = "Durability";

    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a contact may hold Instasent's "accepted" for a message in memory before writing
    /// it, so that it usually shares the write of the message's delivery report (one durable write
    /// per message fewer). Lost in a crash, it costs only a resend with the same clientId, which
    /// Instasent refuses as a duplicate of the message it holds.
    /// </summary>
    public TimeSpan AcceptedWriteDelay { get; set; } = TimeSpan.FromSeconds(5);
}
