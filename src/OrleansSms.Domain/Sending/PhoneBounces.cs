using OrleansSms.Domain.Contacts;

namespace OrleansSms.Domain.Sending;

/// <summary>Where a contact's phone stands after a delivery report: its status and its run of soft bounces.</summary>
/// <param name="Status">The phone's status after the report.</param>
/// <param name="SoftBounces">Consecutive soft bounces since the last delivery.</param>
/// <param name="BouncedNow">This report bounced the phone (it was not bounced before).</param>
public readonly record struct PhoneBounceState(PhoneStatus Status, int SoftBounces, bool BouncedNow);

/// <summary>
/// The bounce rule of a contact's phone: a hard bounce bounces it at once; soft bounces are
/// counted, and <c>softBounceLimit</c> of them in a row bounce it; a delivery sets the count
/// back to zero. Applied once per message (the log reports each effect the first time only).
/// </summary>
public static class PhoneBounces
{
    public const int DefaultSoftBounceLimit = 3;
    public const int MinSoftBounceLimit = 1;
    public const int MaxSoftBounceLimit = 100;

    public static PhoneBounceState Apply(PhoneStatus status, int softBounces, ReportEffects effects, int softBounceLimit)
    {
        var limit = Math.Clamp(softBounceLimit, MinSoftBounceLimit, MaxSoftBounceLimit);
        if (effects.Ignored)
        {
            return new(status, softBounces, false);
        }

        if (effects.Delivered)
        {
            return new(status, 0, false);
        }

        var count = effects.SoftBounce ? softBounces + 1 : softBounces;
        var bounce = effects.Bounce || (effects.SoftBounce && count >= limit);
        return bounce && status != PhoneStatus.Bounced
            ? new(PhoneStatus.Bounced, count, true)
            : new(status, count, false);
    }
}
