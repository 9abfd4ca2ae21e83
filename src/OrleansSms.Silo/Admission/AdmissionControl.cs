using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OrleansSms.Silo.Telemetry;

namespace OrleansSms.Silo.Admission;

/// <summary>The routes that create work, as the admission metric names them (tag <c>admission.route</c>).</summary>
public enum AdmissionRoute
{
    Events,
    Sends,
    Alerts,
    WorkflowRuns,
    Contacts,
    Imports,
    Callbacks,
}

/// <summary>
/// Admission control: the routes that create work go through ASP.NET Core's rate limiter, a
/// <see cref="ConcurrencyLimiter"/> per budget (<see cref="AdmissionOptions"/>: work, waiting
/// for Instasent, reports) with a bounded
/// queue. What the queue cannot hold is answered at once: 503 with <c>Retry-After</c>, a problem
/// like every other answer, having changed nothing. Health, metrics and reads are never limited.
/// </summary>
/// <remarks>
/// 503, not 429, on every limited route: the limit is the silo's, shared by every caller, so the
/// caller did nothing wrong (429 says it sent too many); and it is the answer a client already
/// retries for a storage outage. Instasent retries any non-2xx, so its reports come again.
/// </remarks>
public static class AdmissionControl
{
    /// <summary>The budget of the API's routes whose work is the silo's CPU and storage.</summary>
    public const string ApiPolicy = "admission-api";

    /// <summary>The budget of the API's routes answered after Instasent's answer (sends, alerts).</summary>
    public const string WaitingPolicy = "admission-waiting";

    /// <summary>Instasent's reports' own budget: a flood of events does not turn them away.</summary>
    public const string CallbacksPolicy = "admission-callbacks";

    public static IServiceCollection AddAdmissionControl(this IServiceCollection services)
    {
        services.AddValidatedOptions<AdmissionOptions, AdmissionOptionsValidator>(AdmissionOptions.Section);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AdmissionOptions>>((limiter, admission) =>
        {
            var settings = admission.Value;
            Action<ConcurrencyLimiterOptions> Budget(int permits, int queue) => o =>
            {
                o.PermitLimit = permits;
                o.QueueLimit = queue;
                o.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            };

            limiter.AddConcurrencyLimiter(ApiPolicy, Budget(settings.PermitLimit, settings.QueueLimit));
            limiter.AddConcurrencyLimiter(WaitingPolicy, Budget(settings.WaitingPermitLimit, settings.WaitingQueueLimit));
            limiter.AddConcurrencyLimiter(CallbacksPolicy, Budget(settings.WaitingPermitLimit, settings.WaitingQueueLimit));
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext, settings.RetryAfterSeconds);
        });
        return services;
    }

    /// <summary>After authentication: a request without a valid key takes no permit.</summary>
    public static WebApplication UseAdmissionControl(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Puts a route that creates work under admission control, in its budget, and says so in the OpenAPI document.</summary>
    public static RouteHandlerBuilder RequireAdmission(this RouteHandlerBuilder endpoint, AdmissionRoute route) => endpoint
        .RequireRateLimiting(route switch
        {
            AdmissionRoute.Callbacks => CallbacksPolicy,
            AdmissionRoute.Sends or AdmissionRoute.Alerts => WaitingPolicy,
            _ => ApiPolicy,
        })
        .WithMetadata(new AdmissionRouteMetadata(route))
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async ValueTask RejectAsync(HttpContext context, int retryAfterSeconds)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<AdmissionRouteMetadata>()?.Route;
        HttpInstruments.Rejected(route);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;

        // Set first: the problem writer keeps a Retry-After it finds (see ProblemAnswers).
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable },
        });
    }

    /// <summary>Which route group a limited endpoint is, for the metric.</summary>
    private sealed record AdmissionRouteMetadata(AdmissionRoute Route);
}
