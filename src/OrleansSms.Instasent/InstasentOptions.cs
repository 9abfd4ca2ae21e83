using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Instasent;

/// <summary>How to reach Instasent (section <c>Instasent</c>). Validated at start.</summary>
public sealed class InstasentOptions
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

    /// <summary>The single-send path (the older API spells it <c>/sms</c>). Default <c>/transactional/v1/sms</c>.</summary>
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

    /// <summary>First backoff delay; doubles each retry, with jitter. Retry-After wins when the answer has it. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts, whatever Retry-After asks for. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One HTTP attempt's timeout. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts of one call together. Default 25 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(25);
}

/// <summary>The source-generated DataAnnotations validator of <see cref="InstasentOptions"/>.</summary>
[OptionsValidator]
public sealed partial class InstasentOptionsValidator : IValidateOptions<InstasentOptions>;
