using System.ComponentModel.DataAnnotations;

namespace OrleansSms.Instasent;

/// <summary>How to reach Instasent (section <c>Instasent</c>). Validated at start.</summary>
public sealed class InstasentOptions
{
    public const string Section = "Instasent";

    /// <summary>The bundled simulator's address, used when <see cref="BaseUrl"/> is unset.</summary>
    public const string DefaultSimulatorUrl = "http://127.0.0.1:5081";

    /// <summary>Instasent's API base URL; unset means the bundled simulator, started in-process.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Where the bundled simulator listens when <see cref="BaseUrl"/> is unset (port 0: any free port).</summary>
    public string SimulatorUrl { get; set; } = DefaultSimulatorUrl;

    /// <summary>The single-send path (the older API spells it <c>/sms</c>).</summary>
    [Required]
    public string SendPath { get; set; } = "/transactional/v1/sms";

    /// <summary>The bulk path: at most <see cref="MaxBulkSize"/> messages per call.</summary>
    [Required]
    public string BulkPath { get; set; } = "/transactional/v1/sms/bulk";

    /// <summary>Instasent's limit per bulk call.</summary>
    [Range(1, 100)]
    public int MaxBulkSize { get; set; } = 100;

    /// <summary>Retries of a temporary refusal (429, 5xx, network) before the message is queued for later.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay; doubles each retry, with jitter. Retry-After wins when the answer has it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts, whatever Retry-After asks for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One HTTP attempt's timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts of one call together.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(25);

    public Uri ResolveBaseUrl() => new((BaseUrl is { Length: > 0 } url ? url : SimulatorUrl).TrimEnd('/') + "/");
}
