using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansSms.InstasentSimulator;

/// <summary>
/// A reply from a phone number (<c>POST /_sim/inbound</c>), as Instasent's two-way messaging posts
/// it: on the same callback URL as the delivery reports, with the text in <c>message</c>.
/// </summary>
internal sealed class SimInbound
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private byte[]? _payload;
    private volatile CallbackState _callback = CallbackState.Pending;
    private int _attempts;

    public required string Id { get; init; }

    /// <summary>The token whose callback URL gets it.</summary>
    public required TokenAccount Account { get; init; }

    /// <summary>The number that replies.</summary>
    public required string From { get; init; }

    /// <summary>The sender of the message it answers, when one is known.</summary>
    public string? To { get; init; }

    public required string Text { get; init; }

    /// <summary>The clientId the payload carries; none when null.</summary>
    public string? ClientId { get; init; }

    /// <summary><c>stop</c> for an opt-out, else null (a plain reply carries no status).</summary>
    public string? Status { get; init; }

    public DateTimeOffset EventAt { get; init; }

    /// <summary>
    /// <c>{"id","clientId"?,"from","to"?,"message","status"?,"eventAt"}</c>: <c>clientId</c>,
    /// <c>to</c> and <c>status</c> only when there is one.
    /// </summary>
    public byte[] Payload => _payload ??= BuildPayload();

    /// <summary>Where the original post (not a duplicate) stands, and its attempts so far.</summary>
    public void Progress(CallbackState state, int attempts)
    {
        Volatile.Write(ref _attempts, attempts);
        _callback = state;
    }

    public SimulatedInbound ToView() =>
        new(Id, From, To, Text, ClientId, Status, EventAt, StateName(_callback), Volatile.Read(ref _attempts));

    private static string StateName(CallbackState state) => state switch
    {
        CallbackState.Posted => "posted",
        CallbackState.Abandoned => "abandoned",
        CallbackState.Skipped => "skipped",
        _ => "pending",
    };

    private byte[] BuildPayload()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, Id);
            if (ClientId is not null)
            {
                writer.WriteString("clientId"u8, ClientId);
            }

            writer.WriteString("from"u8, From);
            if (To is not null)
            {
                writer.WriteString("to"u8, To);
            }

            writer.WriteString("message"u8, Text);
            if (Status is not null)
            {
                writer.WriteString("status"u8, Status);
            }

            writer.WriteString("eventAt"u8, EventAt);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>The post of an inbound message; only the original (not a duplicate copy) updates its record.</summary>
internal sealed class InboundJob(SimInbound inbound, bool duplicate) : CallbackJob(duplicate)
{
    public override TokenAccount Account => inbound.Account;

    public override string Id => inbound.Id;

    public override string Kind => "inbound message";

    public override byte[] Payload => inbound.Payload;

    public override CallbackJob Copy() => new InboundJob(inbound, duplicate: true);

    public override void OnProgress(CallbackState state)
    {
        if (!Duplicate)
        {
            inbound.Progress(state, Attempts);
        }
    }
}

/// <summary>The rules of <c>POST /_sim/inbound</c>'s body.</summary>
internal static class InboundValidator
{
    public const int MaxText = 1600;
    public const string AutoClientId = "auto";
    public const string NoClientId = "none";
    public const string Stop = "stop";

    /// <summary>The first problem with the body, naming its field, or null.</summary>
    public static SimulatorError? Validate(InboundRequest request)
    {
        if (string.IsNullOrEmpty(request.From))
        {
            return new("from is required: the number that replies, in E.164 (+ then 8 to 15 digits).", "from");
        }

        if (!SmsValidator.IsE164(request.From))
        {
            return new($"from '{request.From}' is not an E.164 number (+ then 8 to 15 digits, the first not 0).", "from");
        }

        if (string.IsNullOrEmpty(request.Text))
        {
            return new($"text is required: 1 to {MaxText} characters.", "text");
        }

        if (request.Text.Length > MaxText)
        {
            return new($"text has {request.Text.Length} characters; at most {MaxText}.", "text");
        }

        if (request.ClientId is { Length: 0 or > SmsValidator.MaxClientId })
        {
            return new(
                $"clientId '{request.ClientId}' must be \"{AutoClientId}\" (the latest message's), \"{NoClientId}\" (left out) or a clientId of 1 to {SmsValidator.MaxClientId} characters.",
                "clientId");
        }

        if (request.Status is not (null or Stop))
        {
            return new($"status '{request.Status}' must be null (a reply) or \"{Stop}\" (an opt-out).", "status");
        }

        if (request.Token is { Length: 0 })
        {
            // The token is a secret: errors never repeat it.
            return new("token must not be empty: leave it out to use the token that sent the latest message to from.", "token");
        }

        return null;
    }

    /// <summary>What the payload's clientId is: the latest message's (auto), none, or the one asked for.</summary>
    public static string? ClientIdFor(InboundRequest request, SimMessage? latest) => request.ClientId switch
    {
        null or AutoClientId => latest?.ClientId,
        NoClientId => null,
        var explicitClientId => explicitClientId,
    };
}
