using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Alerts;
using OrleansSms.Abstractions.Callbacks;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
using OrleansSms.Silo.Admission;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Callbacks;

/// <summary>
/// Instasent's delivery reports and inbound messages. The clientId names the grain that owns the
/// message, so the report goes straight there: no database or index on this path. The answer
/// comes after the grain has stored the report, well inside Instasent's 5 s. A well-formed report
/// that names no contact of ours is answered 200 too (any other answer makes Instasent retry it
/// for nothing) and kept in the store's unmatched reports.
/// </summary>
public static partial class InstasentCallbackApi
{
    public static IEndpointRouteBuilder MapInstasentCallbacks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/callbacks/instasent/{storeId}/{secret}", ReceiveAsync).WithBodyLimit(BodyLimits.Small)
            .WithTags("Callbacks")
            .WithSummary("Instasent's delivery reports and inbound messages for one store")
            .WithDescription("Authenticated by the secret in the path. Answered once the contact has stored the report; a well-formed report for no contact of ours is answered 200 and listed under GET /api/stores/{storeId}/reports/unmatched; 404 for a wrong store or secret, changing nothing.")
            .Accepts<DeliveryReportBody>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAdmission(AdmissionRoute.Callbacks)
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<CallbackAnswer>, ProblemHttpResult, ValidationProblem>> ReceiveAsync(
        string storeId, string secret, HttpRequest request, IGrainFactory grains, CallbackSecrets secrets,
        TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!ContactIds.IsValidStoreId(storeId) || !await secrets.IsValidAsync(storeId, secret))
        {
            // The same answer for an unknown store and a wrong secret: nothing to learn from it.
            Grains.Telemetry.SmsInstruments.DeliveryReportRejected();
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var read = await JsonRequestReader.ReadAsync(request, cancellationToken);
        if (read.Document is not { } document)
        {
            // The body checks answer with one of these two.
            return read.Problem switch
            {
                ValidationProblem invalid => invalid,
                ProblemHttpResult refused => refused,
                _ => throw new InvalidOperationException("The body checks gave an answer of an unexpected kind."),
            };
        }

        // Held to the end: an unmatched report is kept as posted (its text is read only then).
        using var body = document;
        var errors = new ValidationErrors();
        if (Parse(body.RootElement, errors) is not { } report)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (!ClientIds.TryParse(report.ClientId, out var target))
        {
            // Not routable (no clientId, or one we did not give): kept for a person, answered 200 so Instasent stops retrying.
            var reason = report.ClientId is null ? UnmatchedReason.NoClientId : UnmatchedReason.ForeignClientId;
            return TypedResults.Ok(await UnmatchedAsync(grains, storeId, reason, report, body.RootElement, time, loggers));
        }

        var outcome = target.IsAlert
            ? await grains.GetGrain<IStoreAlertsGrain>(storeId).ApplyDeliveryReportAsync(target.Number, report)
            : await grains.GetContact(storeId, target.ContactId!).ApplyDeliveryReportAsync(target.Number, report);
        if (outcome == ReportOutcome.Unmatched)
        {
            // The rare second call: the owner could not take the report (no such contact, or a reply to an alert).
            var reason = target.IsAlert ? UnmatchedReason.AlertReply : UnmatchedReason.UnknownContact;
            return TypedResults.Ok(await UnmatchedAsync(grains, storeId, reason, report, body.RootElement, time, loggers));
        }

        Grains.Telemetry.SmsInstruments.DeliveryReport(report.Status ?? InboundStatus, outcome);
        return TypedResults.Ok(new CallbackAnswer(outcome));
    }

    /// <summary>The telemetry's word for an inbound message that carries no status.</summary>
    private const string InboundStatus = "inbound";

    private static async Task<CallbackAnswer> UnmatchedAsync(
        IGrainFactory grains, string storeId, UnmatchedReason reason, DeliveryReport report, JsonElement posted, TimeProvider time, ILoggerFactory loggers)
    {
        var raw = posted.GetRawText();
        LogUnmatched(loggers.CreateLogger(typeof(InstasentCallbackApi)), storeId, reason);
        await grains.GetGrain<IUnmatchedReportsGrain>(storeId).AddAsync(new UnmatchedReport
        {
            ReceivedAt = time.GetUtcNow(),
            Reason = reason,
            Report = raw.Length <= UnmatchedReport.MaxReportLength ? raw : KnownFields(report),
        });
        Grains.Telemetry.SmsInstruments.DeliveryReport(report.Status ?? InboundStatus, ReportOutcome.Unmatched);
        return new CallbackAnswer(ReportOutcome.Unmatched);
    }

    /// <summary>A report too large to keep as posted: its known fields, the text cut.</summary>
    private static string KnownFields(DeliveryReport report) => JsonSerializer.Serialize(new DeliveryReportBody(
        report.ProviderId, report.ClientId, report.Status, report.Code, report.EventAt,
        report.Message is { Length: > 1_000 } text ? text[..1_000] : report.Message), KnownFieldsJson);

    private static readonly JsonSerializerOptions KnownFieldsJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Instasent's report: id is required, and status unless it is an inbound message (with
    /// <c>message</c>); clientId ("if any"), code and eventAt are optional. Fields Instasent may
    /// add are let through.
    /// </summary>
    internal static DeliveryReport? Parse(JsonElement body, ValidationErrors errors)
    {
        var id = body.TryGetProperty("id", out var idElement) ? idElement.ValueKind switch
        {
            JsonValueKind.String => idElement.GetString(),
            JsonValueKind.Number => idElement.GetRawText(),
            _ => null,
        } : null;
        if (string.IsNullOrEmpty(id) || id.Length > 100)
        {
            errors.AddValue("id", idElement, "is required: Instasent's message id.");
        }

        string? clientId = null;
        if (body.TryGetProperty("clientId", out var clientElement) && clientElement.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            clientId = clientElement.ValueKind == JsonValueKind.String ? clientElement.GetString() : null;
            if (clientId is null || clientId.Length > 200)
            {
                errors.AddValue("clientId", clientElement, "must be the clientId of the message, a string of at most 200 characters, when there is one.");
            }
            else if (clientId.Length == 0)
            {
                clientId = null;
            }
        }

        string? message = null;
        if (body.TryGetProperty("message", out var messageElement) && messageElement.ValueKind != JsonValueKind.Null)
        {
            message = messageElement.ValueKind == JsonValueKind.String ? messageElement.GetString() : null;
            if (message is null)
            {
                errors.AddValue("message", messageElement, "must be the text of the inbound message.");
            }
        }

        var status = body.TryGetProperty("status", out var statusElement) && statusElement.ValueKind == JsonValueKind.String
            ? statusElement.GetString() : null;
        // An inbound message may come without one: Instasent publishes no status for it.
        var inboundWithoutStatus = message is not null && statusElement.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
        if (!inboundWithoutStatus && (string.IsNullOrWhiteSpace(status) || status.Length > 32))
        {
            errors.AddValue("status", statusElement, "is required: the delivery status (optional only for an inbound message, with message).");
        }

        int? code = null;
        if (body.TryGetProperty("code", out var codeElement) && codeElement.ValueKind != JsonValueKind.Null)
        {
            if (codeElement.ValueKind == JsonValueKind.Number && codeElement.TryGetInt32(out var c))
            {
                code = c;
            }
            else if (codeElement.ValueKind == JsonValueKind.String && int.TryParse(codeElement.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
            {
                code = s;
            }
            else
            {
                errors.AddValue("code", codeElement, "must be a number.");
            }
        }

        DateTimeOffset? eventAt = null;
        if (body.TryGetProperty("eventAt", out var atElement) && atElement.ValueKind != JsonValueKind.Null)
        {
            if (atElement.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(atElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                eventAt = at.ToUniversalTime();
            }
            else
            {
                errors.AddValue("eventAt", atElement, "must be an ISO 8601 time.");
            }
        }

        return errors.Any ? null : new DeliveryReport(id!, clientId, status?.Trim().ToLowerInvariant(), code, eventAt) { Message = message };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report for store {StoreId} routed to no contact ({Reason}): kept among the store's unmatched reports")]
    private static partial void LogUnmatched(ILogger logger, string storeId, UnmatchedReason reason);
}

/// <summary>A report as Instasent sends it (the schema of the callback's body): a delivery report, or an inbound message with <c>message</c>.</summary>
public sealed record DeliveryReportBody(string Id, string? ClientId, string? Status, int? Code, DateTimeOffset? EventAt, string? Message);

/// <summary>What became of a report: applied, unchanged (a repeat), ignored (a message we do not know) or unmatched (no contact of ours; kept for a person).</summary>
public sealed record CallbackAnswer(ReportOutcome Outcome);
