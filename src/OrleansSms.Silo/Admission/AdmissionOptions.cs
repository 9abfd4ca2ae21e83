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
    /// Requests of one budget in flight at once on this silo. At capacity a request takes about
    /// (in flight + waiting) / throughput, so the limit is what keeps an admitted request's time
    /// near normal: on a 2-core silo an event costs 1–2 ms of CPU (about 1,000 events/s), and 128
    /// in flight plus 64 waiting is at most about 0.2 s; a report costs ~50 µs (about 25,000/s),
    /// under 10 ms. Far fewer would idle the silo while requests wait on a grain, the database or
    /// Instasent (a send is answered after Instasent's; at 200 ms each, 128 in flight is 640
    /// sends/s). 1 to 100,000. Default: 128.
    /// </summary>
    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 128;

    /// <summary>
    /// Requests of one budget that wait for a permit, oldest first, beyond <see cref="PermitLimit"/>:
    /// a burst waits instead of being turned away; one more than this is answered 503 at once. Half
    /// the permits, so a request that waits does so for about half a request's time. 0 (none wait)
    /// to 100,000. Default: 64.
    /// </summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 64;

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
