using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSms.Abstractions.Alerts;
using OrleansSms.Abstractions.Callbacks;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Callbacks;

/// <summary>
/// Instasent's delivery reports. The clientId names the grain that owns the message, so the
/// report goes straight there: no database or index on this path. The answer comes after the
/// grain has stored the report, well inside Instasent's 5 s.
/// </summary>
public static partial class InstasentCallbackApi
{
    public static IEndpointRouteBuilder MapInstasentCallbacks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/callbacks/instasent/{storeId}/{secret}", ReceiveAsync)
            .WithTags("Callbacks")
            .WithSummary("Instasent's delivery reports for one store")
            .WithDescription("Authenticated by the secret in the path. Answered once the contact has stored the report; 404 for a wrong store or secret, changing nothing.")
            .Accepts<DeliveryReportBody>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<CallbackAnswer>, ProblemHttpResult, ValidationProblem>> ReceiveAsync(
        string storeId, string secret, HttpRequest request, IGrainFactory grains, CallbackSecrets secrets,
        ILoggerFactory loggers, CancellationToken cancellationToken)
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

        DeliveryReport report;
        using (document)
        {
            var errors = new ValidationErrors();
            var parsed = Parse(document.RootElement, errors);
            if (parsed is null)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            report = parsed;
        }

        if (!ClientIds.TryParse(report.ClientId, out var target))
        {
            // Not one of ours: answered 200 so Instasent stops retrying; nothing is touched.
            LogForeignClientId(loggers.CreateLogger(typeof(InstasentCallbackApi)), storeId);
            return TypedResults.Ok(new CallbackAnswer(ReportOutcome.Ignored));
        }

        var outcome = target.IsAlert
            ? await grains.GetGrain<IStoreAlertsGrain>(storeId).ApplyDeliveryReportAsync(target.Number, report)
            : await grains.GetContact(storeId, target.ContactId!).ApplyDeliveryReportAsync(target.Number, report);
        Grains.Telemetry.SmsInstruments.DeliveryReport(report.Status, outcome);
        return TypedResults.Ok(new CallbackAnswer(outcome));
    }

    /// <summary>Instasent's report: id, clientId and status are required; code and eventAt optional.</summary>
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

        var clientId = body.TryGetProperty("clientId", out var clientElement) && clientElement.ValueKind == JsonValueKind.String
            ? clientElement.GetString() : null;
        if (string.IsNullOrEmpty(clientId))
        {
            errors.AddValue("clientId", clientElement, "is required.");
        }

        var status = body.TryGetProperty("status", out var statusElement) && statusElement.ValueKind == JsonValueKind.String
            ? statusElement.GetString() : null;
        if (string.IsNullOrWhiteSpace(status) || status.Length > 32)
        {
            errors.AddValue("status", statusElement, "is required: the delivery status.");
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

        return errors.Any ? null : new DeliveryReport(id!, clientId!, status!.Trim().ToLowerInvariant(), code, eventAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery report for store {StoreId} with a clientId that is not ours: ignored")]
    private static partial void LogForeignClientId(ILogger logger, string storeId);
}

/// <summary>A delivery report as Instasent sends it (the schema of the callback's body).</summary>
public sealed record DeliveryReportBody(string Id, string ClientId, string Status, int? Code, DateTimeOffset? EventAt);

/// <summary>What became of a report: applied, unchanged (a repeat) or ignored (not a message we know).</summary>
public sealed record CallbackAnswer(ReportOutcome Outcome);
