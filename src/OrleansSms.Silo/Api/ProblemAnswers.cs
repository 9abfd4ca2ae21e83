using System.Diagnostics;

namespace OrleansSms.Silo.Api;

/// <summary>
/// Every 4xx and 5xx is <c>application/problem+json</c>, in every environment: routing's
/// 404 and 405, Kestrel's 413, authentication's 401 and unhandled exceptions alike. No answer
/// carries an exception's type, message or stack, nor anything from the request's headers:
/// a 500 says only that something failed and gives the trace id to look it up in the logs.
/// </summary>
internal static class ProblemAnswers
{
    public static IServiceCollection AddProblemAnswers(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions.Remove("exception");
            if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            {
                // A Retry-After already set is kept: admission control sets its own (Admission:RetryAfterSeconds).
                var headers = context.HttpContext.Response.Headers;
                if (string.IsNullOrEmpty(headers.RetryAfter))
                {
                    headers.RetryAfter = Unavailability.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                problem.Title = "The service is unavailable for a moment";
                problem.Detail = $"Nothing was changed. Try again in {headers.RetryAfter} seconds.";
            }
            else if (problem.Status >= StatusCodes.Status500InternalServerError)
            {
                problem.Title = "The server could not answer this request";
                problem.Detail = "Try again; if it keeps failing, give the operator the traceId.";
            }

            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });

    /// <summary>First in the pipeline, so nothing after it can answer with a bare status or a developer page.</summary>
    public static WebApplication UseProblemAnswers(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the server refused while reading it (too large, malformed) keeps its 4xx; the
            // database or a silo away for a moment is a 503 to retry (see Unavailability).
            StatusCodeSelector = e => e switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when Unavailability.IsUnavailable(e) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        return app;
    }
}
