using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Grains.Audit;

/// <summary>
/// How much of its audit trail a store keeps (section <c>Audit</c>): the newest
/// <see cref="MaxEntries"/> entries, none older than <see cref="Retention"/>, whichever drops an
/// entry first. Validated at start.
/// </summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>The most entries a store keeps, 10 to 10,000 (the trail is one record, rewritten per append). Default 1,000.</summary>
    [Range(10, 10_000)]
    public int MaxEntries { get; set; } = 1_000;

    /// <summary>How long an entry is kept, 1 day to 10 years. Default 365 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>The source-generated DataAnnotations validator of <see cref="AuditOptions"/>.</summary>
[OptionsValidator]
public sealed partial class AuditOptionsValidator : IValidateOptions<AuditOptions>;
