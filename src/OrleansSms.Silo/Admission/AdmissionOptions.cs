using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Silo.Admission;

/// <summary>
/// How much work one silo takes in at once (section <c>Admission</c>). Validated at start.
/// Three budgets, each its own limiter: the routes whose work is the silo's own CPU and storage
/// (events, contact writes, imports, workflow runs) share <see cref="PermitLimit"/> and
/// <see cref="QueueLimit"/>; the routes whose requests mostly wait (a send or an alert is answered
/// after Instasent's answer) share <see cref="WaitingPermitLimit"/> and
/// <see cref="WaitingQueueLimit"/>; Instasent's reports have a budget of those sizes to
/// themselves, so a flood of events never turns delivery reports away.
/// </summary>
/// <remarks>
/// At capacity a request takes about (in flight + waiting) / throughput, so the limits are what
/// keep an admitted request's time near normal.
/// </remarks>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>
    /// Events, contact writes, imports and workflow runs in flight at once on this silo. Their
    /// cost is CPU and storage: an event takes 1–2 ms of CPU on a 2-core silo (about 600–1,000
    /// events/s), so 16 in flight and 16 waiting keep an admitted event within tens of
    /// milliseconds at capacity; on PostgreSQL an event also waits 5–10 ms on its writes, and 16
    /// in flight still serve more than the cores can. 1 to 100,000. Default: 16.
    /// </summary>
    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 16;

    /// <summary>
    /// Requests of that budget that wait for a permit, oldest first: a burst waits instead of
    /// being turned away; one more is answered 503 at once. 0 (none wait) to 100,000. Default: 16.
    /// </summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 16;

    /// <summary>
    /// Sends and alerts (and, in a budget of their own, Instasent's reports) in flight at once. A
    /// send waits for Instasent's answer and costs little CPU: at 200 ms an answer, 128 in flight is
    /// 640 sends/s; a report costs ~50 µs (about 25,000/s), so 128 and 64 waiting stay under 10 ms.
    /// 1 to 100,000. Default: 128.
    /// </summary>
    [Range(1, 100_000)]
    public int WaitingPermitLimit { get; set; } = 128;

    /// <summary>Requests of the waiting budgets that wait for a permit. 0 to 100,000. Default: 64.</summary>
    [Range(0, 100_000)]
    public int WaitingQueueLimit { get; set; } = 64;

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
