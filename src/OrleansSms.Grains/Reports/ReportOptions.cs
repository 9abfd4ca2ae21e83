using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Grains.Reports;

/// <summary>The SMS report's counters (section <c>Reports</c>). Validated at start.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>
    /// How long a day's counters keep the mark of a count nobody has said it recorded (a
    /// contact's write that never landed, a crash in between, a skipped send made through the
    /// API): a repeat of it within this time counts nothing. Marks that their owner confirms go
    /// at once. 1 minute to 30 days. Default 3 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// The least time between the starts of two writes of a store's day of counters: under load the counts of
    /// that time share one write (a count waits at most this long more). 0 (write as soon as the
    /// last write landed) to 1 s. Default 2 ms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// How often each silo tells the stores' backlog grains its share of their messages waiting
    /// for Instasent (<c>GET …/reports/backlog</c>, the console's dashboard); a share not told for
    /// three of these counts no more (its silo is gone). 100 ms to 1 minute. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan BacklogInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The source-generated DataAnnotations validator of <see cref="ReportOptions"/>.</summary>
[OptionsValidator]
public sealed partial class ReportOptionsValidator : IValidateOptions<ReportOptions>;
