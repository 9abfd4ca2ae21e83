using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Silo.Admission;

/// <summary>
/// How much work one silo takes in at once (section <c>Admission</c>). Validated at start.
/// There are two budgets of these sizes, each its own limiter: the API's routes that create work
/// (events, sends, alerts, workflow runs, contact writes and imports) share one, and Instasent's
/// reports have the other, so a flood of events never turns delivery reports away.
/// </summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>
    /// Requests of one budget in flight at once on this silo. Most of a request's time is a wait
    /// (a grain call, a database commit), not CPU, so a 2-core silo keeps busy with a few hundred
    /// in flight; many more only lengthen every request's wait and hold their memory. 1 to 100,000.
    /// Default: 256.
    /// </summary>
    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 256;

    /// <summary>
    /// Requests of one budget that wait for a permit, oldest first, beyond <see cref="PermitLimit"/>;
    /// one more is answered 503 at once. A full queue is at most twice the in-flight requests,
    /// so a request that waits in it waits about two requests' time. 0 (none wait) to 100,000.
    /// Default: 512.
    /// </summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 512;

    /// <summary>
    /// The <c>Retry-After</c> of a request turned away: an overload passes in moments, and a
    /// retry that comes too early is turned away again at little cost. 1 to 3,600. Default: 2.
    /// </summary>
    [Range(1, 3_600)]
    public int RetryAfterSeconds { get; set; } = 2;
}

/// <summary>The source-generated DataAnnotations validator of <see cref="AdmissionOptions"/>.</summary>
[OptionsValidator]
public sealed partial class AdmissionOptionsValidator : IValidateOptions<AdmissionOptions>;
