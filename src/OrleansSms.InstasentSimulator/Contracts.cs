using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansSms.InstasentSimulator;

/// <summary>
/// Fault injection on Instasent's routes (<c>PUT /_sim/faults</c>). Rates are probabilities per
/// request, drawn in this order: 429, 500, 402, timeout; their sum must not exceed 1. A faulted
/// request accepts nothing.
/// </summary>
public sealed record SimulatorFaults
{
    /// <summary>Share of requests answered 429 with <c>Retry-After: RetryAfterSeconds</c>.</summary>
    public double Status429Rate { get; init; }

    /// <summary>Share of requests answered 500.</summary>
    public double Status500Rate { get; init; }

    /// <summary>Share of requests answered 503 (Instasent down for maintenance or overloaded), with no <c>Retry-After</c>.</summary>
    public double Status503Rate { get; init; }

    /// <summary>Share of requests answered 402 (no funds: never to be retried by the client).</summary>
    public double Status402Rate { get; init; }

    /// <summary>Share of requests held for <see cref="SimulatorOptions.TimeoutFaultHold"/> (or until the client gives up), then answered 504.</summary>
    public double TimeoutRate { get; init; }

    /// <summary>Latency added to every request on Instasent's routes, in milliseconds.</summary>
    public int LatencyMs { get; init; }

    /// <summary>
    /// Latency added to a send's answer after the messages are taken, in milliseconds: Instasent
    /// has them (and may report on them) before the client hears their ids.
    /// </summary>
    public int AnswerLatencyMs { get; init; }

    /// <summary>The <c>Retry-After</c> of a 429, in seconds. Default 1.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>
    /// Share of send items, drawn per item, that are neither taken nor refused and that the answer
    /// leaves out: a bulk answer lists them in neither <c>entities</c> nor <c>errors</c>; a single
    /// send answers 201 without an <c>entity</c>. Not part of the sum of the request rates. Default 0.
    /// </summary>
    public double OmitRate { get; init; }

    /// <summary>
    /// How a rejected bulk item names the request item: <c>full</c> (the default: <c>index</c>,
    /// <c>clientId</c> and the echoed <c>item</c>), <c>item</c> (the echoed <c>item</c> and
    /// <c>index</c>, no top-level <c>clientId</c>) or <c>index</c> (the <c>index</c> only).
    /// </summary>
    public string? BulkErrorShape { get; init; }

    internal bool ErrorClientId => BulkErrorShape is null or "full";

    internal bool ErrorItem => BulkErrorShape is null or "full" or "item";

    internal bool Any => Status429Rate > 0 || Status500Rate > 0 || Status503Rate > 0 || Status402Rate > 0 || TimeoutRate > 0 || LatencyMs > 0;

    internal string? Validate()
    {
        double[] rates = [Status429Rate, Status500Rate, Status503Rate, Status402Rate, TimeoutRate];
        if (rates.Any(r => r is < 0 or > 1 || double.IsNaN(r)) || rates.Sum() > 1 + 1e-9)
        {
            return "Fault rates must be between 0 and 1 and add up to at most 1.";
        }

        if (LatencyMs is < 0 or > 600_000 || AnswerLatencyMs is < 0 or > 600_000 || RetryAfterSeconds is < 0 or > 86_400)
        {
            return "latencyMs must be 0–600000 and retryAfterSeconds 0–86400.";
        }

        if (OmitRate is < 0 or > 1 || double.IsNaN(OmitRate) || BulkErrorShape is not (null or "full" or "item" or "index"))
        {
            return "omitRate must be between 0 and 1 and bulkErrorShape one of full, item, index.";
        }

        return null;
    }
}

/// <summary>
/// Instasent's request ceiling (<c>PUT /_sim/limits</c>, or the options at start): per token and per
/// endpoint (single send, bulk send, one message, a page; <c>/sms</c> and
/// <c>/transactional/v1/sms</c> count as the same endpoint), at most <see cref="RequestsPerMinute"/>
/// requests in each window of <see cref="WindowSeconds"/> (windows aligned on the Unix epoch, as a
/// minute on the clock). With a ceiling every answer of a token's request carries
/// <c>X-RateLimit-Limit</c>, <c>X-RateLimit-Remaining</c> and <c>X-RateLimit-Reset</c> (Unix
/// seconds of the window's end); over it the answer is a 429 with an empty body and no
/// <c>Retry-After</c>, and accepts nothing.
/// </summary>
public sealed record SimulatorLimits
{
    /// <summary>Requests a token may make on one endpoint per window; 0 (default) is no ceiling and no headers.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>The window's length in whole seconds. Default 60 (Instasent's minute); shorter in tests.</summary>
    /// <remarks>A setter, not <c>init</c>: the source-generated reader then leaves the default of a missing field alone.</remarks>
    public int WindowSeconds { get; set; } = 60;

    internal string? Validate() =>
        RequestsPerMinute is < 0 or > 1_000_000_000 || WindowSeconds is < 1 or > 86_400
            ? "requestsPerMinute must be 0–1000000000 and windowSeconds 1–86400."
            : null;
}

/// <summary>One accepted message as <c>GET /_sim/messages</c> shows it.</summary>
/// <param name="Id">Instasent's id.</param>
/// <param name="ClientId">The sender's id, if any.</param>
/// <param name="From">Sender.</param>
/// <param name="To">Recipient (E.164).</param>
/// <param name="Text">The text the handset gets (characters outside GSM 03.38 become <c>?</c> when <c>allowUnicode</c> was false).</param>
/// <param name="AllowUnicode">What the sender asked for.</param>
/// <param name="Unicode">True when sent as UCS-2.</param>
/// <param name="Segments">SMS parts billed.</param>
/// <param name="ReceivedAt">When the simulator accepted it.</param>
/// <param name="Status"><c>enqueued</c> until its delivery report is due (sent through a legacy path, which gets no report: until it would have been), then the report's status.</param>
public sealed record SimulatedMessage(
    string Id,
    string? ClientId,
    string From,
    string To,
    string Text,
    bool AllowUnicode,
    bool Unicode,
    int Segments,
    DateTimeOffset ReceivedAt,
    string Status);

/// <summary>The delivery report posted to a token's callback URL (docs/instasent.md).</summary>
public sealed record DeliveryReport(string Id, string? ClientId, string Status, int Code, DateTimeOffset EventAt);

/// <summary>Counters of <c>GET /_sim/stats</c>.</summary>
/// <param name="Accepted">Messages accepted since start.</param>
/// <param name="Rejected">Messages refused by validation since start.</param>
/// <param name="Stored">Messages held now (<c>DELETE /_sim/messages</c> empties it).</param>
/// <param name="Faults">Requests answered by an injected fault.</param>
/// <param name="Callbacks">Delivery-report counters.</param>
/// <param name="Requests">Send requests served, by route (after the older fields, so older readers of the JSON keep working).</param>
/// <param name="RateLimited">Requests answered 429 because their token and endpoint were over the ceiling of <see cref="SimulatorLimits"/> (injected 429s are in <see cref="Faults"/>).</param>
/// <param name="Inbound">Inbound messages since start (<c>POST /_sim/inbound</c>); their posts are counted in <see cref="Callbacks"/> too.</param>
public sealed record SimulatorStats(
    long Accepted,
    long Rejected,
    long Stored,
    SimulatorFaultStats Faults,
    SimulatorCallbackStats Callbacks,
    SimulatorRequestStats Requests,
    long RateLimited = 0,
    long Inbound = 0);

/// <summary>Requests answered by an injected fault, since start.</summary>
public sealed record SimulatorFaultStats(long Status429, long Status500, long Status402, long Timeouts, long Status503 = 0);

/// <summary>
/// Send requests since start that passed the token check and the fault draw (a faulted or 401
/// request is not counted here; faults are in <see cref="SimulatorFaultStats"/>).
/// </summary>
/// <param name="Single">Requests on <c>POST /transactional/v1/sms</c> or <c>POST /sms</c>.</param>
/// <param name="Bulk">Requests on <c>POST /transactional/v1/sms/bulk</c> or <c>POST /sms/bulk</c>.</param>
/// <param name="BulkItems">Items in the bulk requests whose body was a JSON array of at most 100 (valid or not).</param>
public sealed record SimulatorRequestStats(long Single, long Bulk, long BulkItems);

/// <summary>Counters of the posts to callback URLs since start: delivery reports and inbound messages.</summary>
/// <param name="Scheduled">Posts scheduled (duplicates included).</param>
/// <param name="Sent">Reports a callback answered 2xx.</param>
/// <param name="Failed">Failed attempts (non-2xx, network error, timeout); most are retried.</param>
/// <param name="Abandoned">Reports given up after the last attempt.</param>
/// <param name="Skipped">Reports of tokens without a callback URL.</param>
/// <param name="Duplicates">Reports scheduled a second time on purpose.</param>
/// <param name="Pending">Reports waiting or in flight.</param>
public sealed record SimulatorCallbackStats(long Scheduled, long Sent, long Failed, long Abandoned, long Skipped, long Duplicates, long Pending);

/// <summary>
/// Body of <c>POST /_sim/inbound</c>: a number replies, and the reply is posted to a token's callback
/// URL as Instasent's two-way messaging does (docs/instasent.md).
/// </summary>
/// <remarks>Setters, not <c>init</c>: the source-generated reader then leaves a missing field null.</remarks>
public sealed record InboundRequest
{
    /// <summary>The number that replies (E.164).</summary>
    public string? From { get; set; }

    /// <summary>The reply, 1–1600 characters.</summary>
    public string? Text { get; set; }

    /// <summary>
    /// <c>auto</c> (or missing): the clientId of the latest message sent to <see cref="From"/> (by
    /// <see cref="Token"/> when given), none if it had none; <c>none</c>: the payload carries no
    /// clientId; anything else: that clientId.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>Null for a reply; <c>stop</c> for an opt-out, posted with <c>"status":"stop"</c>.</summary>
    public string? Status { get; set; }

    /// <summary>Whose callback URL gets it; missing: the token that sent the latest message to <see cref="From"/>.</summary>
    public string? Token { get; set; }
}

/// <summary>The answer of <c>POST /_sim/inbound</c> (202): the inbound message's id and the clientId its payload carries.</summary>
public sealed record InboundAccepted(string Id, string? ClientId);

/// <summary>One inbound message as <c>GET /_sim/inbound</c> shows it (never the token or the callback URL).</summary>
/// <param name="Id">The simulator's id of the inbound message.</param>
/// <param name="From">The number that replied.</param>
/// <param name="To">The sender of the message it answers, when known.</param>
/// <param name="Text">The reply (the payload's <c>message</c>).</param>
/// <param name="ClientId">The clientId the payload carries, if any.</param>
/// <param name="Status"><c>stop</c> for an opt-out, else null.</param>
/// <param name="EventAt">When it was received (the payload's <c>eventAt</c>).</param>
/// <param name="Callback">Where its post stands: <c>pending</c>, <c>posted</c> (answered 2xx), <c>abandoned</c> (after the last attempt) or <c>skipped</c> (the token has no callback URL).</param>
/// <param name="Attempts">Posts tried so far.</param>
public sealed record SimulatedInbound(
    string Id,
    string From,
    string? To,
    string Text,
    string? ClientId,
    string? Status,
    DateTimeOffset EventAt,
    string Callback,
    int Attempts);

/// <summary>Body of <c>PUT /_sim/tokens/{token}</c>.</summary>
public sealed record TokenRegistration(string? CallbackUrl);

/// <summary>Body of <c>PUT /_sim/accounts/{token}</c>, and what <c>GET /organization/account</c> reports for the token.</summary>
public sealed record AccountBalance(decimal Balance, string Currency)
{
    /// <summary>A token's balance until one is set.</summary>
    public static AccountBalance Default { get; } = new(100m, "EUR");

    /// <summary>A problem with the body, or null.</summary>
    public string? Validate() =>
        Balance < 0 ? "balance must be 0 or more."
        : Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterUpper) ? "currency must be three upper-case letters (ISO 4217)."
        : null;
}

/// <summary>Instasent's delivery-report statuses (docs/instasent.md).</summary>
public static class DeliveryStatuses
{
    public const string Delivered = "delivered";

    /// <summary>Every status a report can carry.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["sent", "accepted", "buffered", "delivered", "error", "failed", "expired", "canceled", "rejected", "unknown", "stop"];

    /// <summary>True for a status of <see cref="All"/> (exact, lower case).</summary>
    public static bool IsKnown(string? status) => status is not null && All.Contains(status, StringComparer.Ordinal);

    /// <summary>The <c>code</c> a report of this status carries: 0 unless the status is an error.</summary>
    internal static int CodeOf(string status) => status switch
    {
        "error" => 1,
        "failed" => 2,
        "expired" => 3,
        "rejected" => 4,
        "canceled" => 5,
        _ => 0,
    };
}

internal static class CallbackUrls
{
    public static bool IsValid(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SimulatorFaults))]
[JsonSerializable(typeof(SimulatorLimits))]
[JsonSerializable(typeof(SimulatedMessage))]
[JsonSerializable(typeof(List<SimulatedMessage>))]
[JsonSerializable(typeof(DeliveryReport))]
[JsonSerializable(typeof(SimulatorStats))]
[JsonSerializable(typeof(TokenRegistration))]
[JsonSerializable(typeof(AccountBalance))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SimulatorError))]
[JsonSerializable(typeof(InboundRequest))]
[JsonSerializable(typeof(InboundAccepted))]
[JsonSerializable(typeof(List<SimulatedInbound>))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext
{
    /// <summary>Web defaults, this context's metadata, and no escaping of <c>+</c> or accented letters.</summary>
    /// <remarks>Lazy: static initialisers of partial declarations run in no set order, and <see cref="Default"/> must exist first.</remarks>
    public static JsonSerializerOptions Relaxed => LazyRelaxed.Value;

    private static readonly Lazy<JsonSerializerOptions> LazyRelaxed = new(() => new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = Default,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>An error body: <c>{"message": "…"}</c>, and <c>"field"</c> when one field is at fault.</summary>
internal sealed record SimulatorError(
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null);
