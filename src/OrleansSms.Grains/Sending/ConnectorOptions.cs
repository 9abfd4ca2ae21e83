using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Grains.Sending;

/// <summary>Batching and throttling of the Instasent connector (section <c>Connector</c>). Validated at start.</summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connector";

    /// <summary>
    /// Calls to Instasent a connector keeps in flight at once, 1 to 1024. A send that finds one of
    /// them free goes at once; sends that find all of them busy queue and go together, as one bulk
    /// call, when one comes back. Batches thus grow with the load instead of every send waiting
    /// for others. Default 4.
    /// </summary>
    [Range(1, 1024)]
    public int MaxBatchesInFlight { get; set; } = 4;

    /// <summary>
    /// The longest a batch waits for the store's rate. Past it the messages go back to their
    /// owners as "try later" (they are queued durably there), so no call waits on the
    /// connector long enough to time out. Default 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When Instasent's latest answer to the store's token on the endpoint a batch would use says
    /// at most this many requests remain in its window (<c>X-RateLimit-Remaining</c>), the
    /// connector holds the store's sends until the window resets (<c>X-RateLimit-Reset</c>), so a
    /// large newsletter slows down before the wall instead of meeting 429s; sends queued
    /// meanwhile go out together in bulk. A reset further off than <see cref="MaxThrottleWait"/>
    /// hands them back as "try later". 0 to 1000. Default 1.
    /// </summary>
    [Range(0, 1000)]
    public int RateLimitReserve { get; set; } = 1;

    /// <summary>
    /// How many times a message is sent again (with the same clientId) after Instasent's answer
    /// named it neither accepted nor rejected; when the last of these resends also goes
    /// unaccounted, the message is marked undelivered with the reason. A resend of a message
    /// Instasent did take is refused as a duplicate clientId, which counts as accepted. 0 to 100.
    /// Default 3.
    /// </summary>
    [Range(0, 100)]
    public int UnaccountedRetries { get; set; } = 3;

    /// <summary>How long a connector trusts the store's token and rate before reading them again. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ChannelCacheTime { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The source-generated DataAnnotations validator of <see cref="ConnectorOptions"/>.</summary>
[OptionsValidator]
public sealed partial class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>;
