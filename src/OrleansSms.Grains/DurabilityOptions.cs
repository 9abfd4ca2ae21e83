using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Grains;

/// <summary>
/// How often the reminders that see unfinished work through come back (section
/// <c>Durability</c>): resending messages Instasent has not taken, resuming runs and newsletter
/// shards whose silo died. Orleans' reminders tick at most once a minute unless
/// <c>ClusterTuning:Reminders:MinimumReminderPeriod</c> is lowered too (tests do). Validated at start.
/// </summary>
public sealed class DurabilityOptions
{
    public const string Section = "Durability";

    /// <summary>How often a contact's reminder resends the messages Instasent has not taken yet, 1 s to 1 day. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a reminder resumes the workflow runs and newsletter shards whose silo died, 1 s to 1 day. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a contact may hold Instasent's "accepted" for a message in memory before writing
    /// it, so that it usually shares the write of the message's delivery report (one durable write
    /// per message fewer). Lost in a crash, it costs only a resend with the same clientId, which
    /// Instasent refuses as a duplicate of the message it holds. 0 (write at once) to 10 minutes. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan AcceptedWriteDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The source-generated DataAnnotations validator of <see cref="DurabilityOptions"/>.</summary>
[OptionsValidator]
public sealed partial class DurabilityOptionsValidator : IValidateOptions<DurabilityOptions>;
