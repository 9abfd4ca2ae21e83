using Microsoft.Net.Http.Headers;

namespace OrleansSms.Silo.Api;

/// <summary>
/// Headers on every answer, set as it starts so routing's 404s, the exception handler's 500s
/// and the status-code pages get them too: <c>X-Content-Type-Options: nosniff</c> (a JSON
/// answer is never read as a page), <c>X-Frame-Options: DENY</c> and
/// <c>Referrer-Policy: no-referrer</c>. Answers under <c>/api</c> and <c>/callbacks</c>, and
/// every problem (4xx, 5xx), carry <c>Cache-Control: no-store</c>: they may hold callback URLs
/// with their secret, a webhook's secret, contacts' phones, and no cache or proxy keeps them.
/// Other answers get <c>no-store</c> too unless they set their own caching (the dashboard's
/// and the API reference's static files).
/// </summary>
internal static class SecurityHeaders
{
    public const string NoStore = "no-store";

    /// <summary>First in the pipeline, so that every answer, whoever writes it, carries the headers.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(Apply, context);
            return next(context);
        });
        return app;
    }

    private static Task Apply(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        var path = context.Request.Path;
        if (context.Response.StatusCode >= StatusCodes.Status400BadRequest ||
            path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ||
            path.StartsWithSegments("/callbacks", StringComparison.OrdinalIgnoreCase) ||
            headers.CacheControl.Count == 0)
        {
            headers.CacheControl = NoStore;
        }

        return Task.CompletedTask;
    }
}
