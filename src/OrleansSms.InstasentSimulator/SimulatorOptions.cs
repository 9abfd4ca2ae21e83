using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.InstasentSimulator;

/// <summary>
/// How the in-memory Instasent behaves. Every default is documented on its property; checked by
/// the source-generated <see cref="SimulatorOptionsValidator"/> when the simulator is built.
/// </summary>
public sealed class SimulatorOptions : IValidatableObject
{
    /// <summary>The default listen address of the simulator.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5081";

    /// <summary>The configuration section <see cref="FromConfiguration"/> reads.</summary>
    public const string SectionName = "Simulator";

    /// <summary>Where the simulator listens (one http URL; port 0 picks a free port). Default <c>http://127.0.0.1:5081</c>.</summary>
    [Required]
    public string Url { get; set; } = DefaultUrl;

    /// <summary>Time between accepting a message and posting its delivery report (sent through a legacy path: showing its outcome to polling). Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan DeliveryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Probability (0–1) that a delivery report or an inbound message is posted a second time, as happens in real life. Default 0.02.</summary>
    [Range(0.0, 1.0)]
    public double DuplicateReportRate { get; set; } = 0.02;

    /// <summary>How many times one report or inbound message is posted before it is given up (non-2xx, network error or timeout). Default 8.</summary>
    [Range(1, int.MaxValue)]
    public int MaxCallbackAttempts { get; set; } = 8;

    /// <summary>First retry delay of a report; doubles per attempt, with ±20 % jitter. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan CallbackRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of the retry delay. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan CallbackRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A callback answer slower than this counts as a failure (Instasent: 5 s). Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many posts (reports and inbound messages) are made at once (worker loops and connections per callback host). Default 32.</summary>
    [Range(1, 1024)]
    public int CallbackConcurrency { get; set; } = 32;

    /// <summary>
    /// Pre-registered API tokens and the callback URL of each (empty: the token is valid but its
    /// reports go nowhere). More can be registered with <c>PUT /_sim/tokens/{token}</c>.
    /// </summary>
    public IDictionary<string, string> Tokens { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// When true an unknown bearer token is registered on first use (without a callback URL);
    /// when false (default) it answers 401, like Instasent.
    /// </summary>
    public bool AcceptUnregisteredTokens { get; set; }

    /// <summary>How long a request picked for a "timeout" fault is held before it answers 504. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan TimeoutFaultHold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Instasent's request ceiling per token and endpoint at start (default none: no ceiling, no
    /// <c>X-RateLimit-*</c> headers); <c>PUT /_sim/limits</c> replaces it.
    /// </summary>
    public SimulatorLimits Limits { get; set; } = new();

    /// <summary>
    /// The clock of the request ceiling and of message times (default <see cref="TimeProvider.System"/>;
    /// a test passes a fake one). Not read from configuration.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Faults in force at start (default none); <c>PUT /_sim/faults</c> replaces them.</summary>
    public SimulatorFaults Faults { get; set; } = new();

    /// <summary>Delivery-report status per destination number at start (default <c>delivered</c> for all); <c>PUT /_sim/outcomes</c> replaces them.</summary>
    public IDictionary<string, string> Outcomes { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Lowest level logged (the simulator logs nothing per request). Default Warning.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>
    /// Reads <c>urls</c> (or <c>ASPNETCORE_URLS</c>, first address) and the <c>Simulator</c> section:
    /// <c>Url</c>, <c>DeliveryDelayMs</c>, <c>DuplicateReportRate</c>, <c>MaxCallbackAttempts</c>,
    /// <c>CallbackRetryBaseDelayMs</c>, <c>CallbackRetryMaxDelayMs</c>, <c>CallbackTimeoutMs</c>,
    /// <c>CallbackConcurrency</c>, <c>AcceptUnregisteredTokens</c>, <c>TimeoutFaultHoldMs</c>,
    /// <c>LogLevel</c>, <c>RequestsPerMinute</c>, <c>RateLimitWindowSeconds</c>,
    /// <c>Tokens:{token}</c> = callback URL, <c>Outcomes:{number}</c> = status.
    /// </summary>
    public static SimulatorOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new SimulatorOptions();
        var section = configuration.GetSection(SectionName);

        var url = section["Url"];
        if (string.IsNullOrWhiteSpace(url))
        {
            url = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"])?
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault();
        }

        if (!string.IsNullOrWhiteSpace(url))
        {
            options.Url = url;
        }

        options.DeliveryDelay = Millis(section, "DeliveryDelayMs", options.DeliveryDelay);
        options.DuplicateReportRate = section.GetValue("DuplicateReportRate", options.DuplicateReportRate);
        options.MaxCallbackAttempts = section.GetValue("MaxCallbackAttempts", options.MaxCallbackAttempts);
        options.CallbackRetryBaseDelay = Millis(section, "CallbackRetryBaseDelayMs", options.CallbackRetryBaseDelay);
        options.CallbackRetryMaxDelay = Millis(section, "CallbackRetryMaxDelayMs", options.CallbackRetryMaxDelay);
        options.CallbackTimeout = Millis(section, "CallbackTimeoutMs", options.CallbackTimeout);
        options.CallbackConcurrency = section.GetValue("CallbackConcurrency", options.CallbackConcurrency);
        options.AcceptUnregisteredTokens = section.GetValue("AcceptUnregisteredTokens", options.AcceptUnregisteredTokens);
        options.TimeoutFaultHold = Millis(section, "TimeoutFaultHoldMs", options.TimeoutFaultHold);
        options.MinimumLogLevel = section.GetValue("LogLevel", options.MinimumLogLevel);
        options.Limits = new SimulatorLimits
        {
            RequestsPerMinute = section.GetValue("RequestsPerMinute", options.Limits.RequestsPerMinute),
            WindowSeconds = section.GetValue("RateLimitWindowSeconds", options.Limits.WindowSeconds),
        };
        foreach (var token in section.GetSection("Tokens").GetChildren())
        {
            options.Tokens[token.Key] = token.Value ?? "";
        }

        foreach (var outcome in section.GetSection("Outcomes").GetChildren())
        {
            options.Outcomes[outcome.Key] = outcome.Value ?? DeliveryStatuses.Delivered;
        }

        return options;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid setting (see <see cref="SimulatorOptionsValidator"/>).</summary>
    public void Validate()
    {
        var result = new SimulatorOptionsValidator().Validate(SectionName, this);
        if (result.Failed)
        {
            var failures = (result.Failures ?? [result.FailureMessage])
                .Select(f => f.Replace(SectionName + ".", SectionName + ":", StringComparison.Ordinal));
            throw new ArgumentException("Invalid simulator options: " + string.Join(" ", failures));
        }
    }

    /// <summary>The checks that span several settings or entries, run by the generated validator after the attributes.</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"{SectionName}:Url '{Url}' is not an absolute http(s) URL.", [nameof(Url)]);
        }

        if (CallbackRetryMaxDelay < CallbackRetryBaseDelay)
        {
            yield return new ValidationResult(
                $"{SectionName}:CallbackRetryBaseDelayMs must not be above {SectionName}:CallbackRetryMaxDelayMs.", [nameof(CallbackRetryBaseDelay)]);
        }

        foreach (var (token, callbackUrl) in Tokens)
        {
            if (string.IsNullOrWhiteSpace(token))
            {
                yield return new ValidationResult($"{SectionName}:Tokens: a token must not be empty.", [nameof(Tokens)]);
            }
            else if (!string.IsNullOrEmpty(callbackUrl) && !CallbackUrls.IsValid(callbackUrl))
            {
                yield return new ValidationResult(
                    $"{SectionName}:Tokens: the callback URL of a token is not an absolute http(s) URL: '{callbackUrl}'.", [nameof(Tokens)]);
            }
        }

        foreach (var (number, status) in Outcomes)
        {
            if (!DeliveryStatuses.IsKnown(status))
            {
                yield return new ValidationResult($"{SectionName}:Outcomes:{number} '{status}' is not an Instasent status.", [nameof(Outcomes)]);
            }
        }

        if (Limits.Validate() is { } limitProblem)
        {
            yield return new ValidationResult(limitProblem, [nameof(Limits)]);
        }

        if (Faults.Validate() is { } faultProblem)
        {
            yield return new ValidationResult(faultProblem, [nameof(Faults)]);
        }
    }

    private static TimeSpan Millis(IConfiguration section, string key, TimeSpan fallback) =>
        section[key] is { Length: > 0 } ? TimeSpan.FromMilliseconds(section.GetValue<double>(key)) : fallback;
}

/// <summary>The source-generated DataAnnotations validator of <see cref="SimulatorOptions"/>.</summary>
[OptionsValidator]
public sealed partial class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>;
