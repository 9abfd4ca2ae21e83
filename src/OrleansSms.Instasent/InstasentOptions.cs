using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Instasent;

/// <summary>How to reach Instasent (section <c>Instasent</c>). Validated at start.</summary>
public sealed class InstasentOptions : IValidatableObject
{
    public const string Section = "Instasent";

    /// <summary>
    /// Instasent's API base URL (<c>https://api.instasent.com</c> in production). Required; only a
    /// development build of the silo (not a published one) may leave it unset, and then starts the
    /// bundled simulator on <see cref="SimulatorUrl"/> and fills it in. No default.
    /// </summary>
    [Required(ErrorMessage = "Instasent:BaseUrl is required: set Instasent__BaseUrl to Instasent's API (https://api.instasent.com) or to a simulator.")]
    [Url]
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Where a development build's bundled simulator listens when <see cref="BaseUrl"/> is unset
    /// (port 0: any free port). Default: the simulator's own, <c>http://127.0.0.1:5081</c>.
    /// </summary>
    [Url]
    public string? SimulatorUrl { get; set; }

    /// <summary>
    /// The single-send path. Default <c>/transactional/v1/sms</c>. Instasent's legacy API
    /// (<c>/sms</c>, legacy tokens) sends no delivery reports at all, so its paths are refused:
    /// without reports no message would ever be delivered, bounced or counted.
    /// </summary>
    [Required]
    public string SendPath { get; set; } = "/transactional/v1/sms";

    /// <summary>The bulk path: at most <see cref="MaxBulkSize"/> messages per call. Default <c>/transactional/v1/sms/bulk</c>.</summary>
    [Required]
    public string BulkPath { get; set; } = "/transactional/v1/sms/bulk";

    /// <summary>Instasent's limit of messages per bulk call, 1 to 100. Default 100.</summary>
    [Range(1, 100)]
    public int MaxBulkSize { get; set; } = 100;

    /// <summary>Retries of a temporary refusal (429, 5xx, network) before the message is queued for later, 0 to 10. Default 4.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>
    /// First backoff delay of a 5xx, 408 or network error (and of a 429 that says neither when
    /// its window resets nor Retry-After); doubles each retry, with jitter. Default 1 s, as
    /// Instasent's errors page asks.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff between two attempts, whatever Retry-After asks for. Default 60 s (Instasent: "about a minute").</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The longest a 429 waits for its <c>X-RateLimit-Reset</c> within one call. A window that
    /// ends later is not waited for: the messages come back "try later" (their contacts resend
    /// them with the same clientId) and the connector holds the store's sends until the reset.
    /// Below <see cref="TotalTimeout"/>. Default 15 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RateLimitMaxWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Up to this much is added at random to a wait for <c>X-RateLimit-Reset</c>, so the calls
    /// a window held back do not all come at its first second. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RateLimitJitter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>One HTTP attempt's timeout. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts of one call together. Default 25 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>The checks across settings, run by the generated validator after the attributes.</summary>
    /// <summary>A path of Instasent's legacy API: <c>/sms</c> and below.</summary>
    public static bool IsLegacyPath(string? path) =>
        path is not null && ("/" + path.Trim().TrimStart('/')) is var rooted &&
        (rooted.Equals("/sms", StringComparison.OrdinalIgnoreCase) || rooted.StartsWith("/sms/", StringComparison.OrdinalIgnoreCase));

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < RetryBaseDelay)
        {
            yield return new ValidationResult(
                $"{Section}:RetryBaseDelay must not be above {Section}:MaxRetryDelay.", [nameof(RetryBaseDelay)]);
        }

        foreach (var (name, path) in new[] { (nameof(SendPath), SendPath), (nameof(BulkPath), BulkPath) })
        {
            if (IsLegacyPath(path))
            {
                yield return new ValidationResult(
                    $"{Section}:{name} '{path}' is Instasent's legacy API, which sends no delivery reports: use the transactional API ({Section}:{name} unset takes /transactional/v1/sms…).", [name]);
            }
        }

        if (RateLimitMaxWait + RateLimitJitter >= TotalTimeout)
        {
            yield return new ValidationResult(
                $"{Section}:RateLimitMaxWait plus {Section}:RateLimitJitter must be below {Section}:TotalTimeout.", [nameof(RateLimitMaxWait)]);
        }
    }
}

/// <summary>The source-generated DataAnnotations validator of <see cref="InstasentOptions"/>.</summary>
[OptionsValidator]
public sealed partial class InstasentOptionsValidator : IValidateOptions<InstasentOptions>;
