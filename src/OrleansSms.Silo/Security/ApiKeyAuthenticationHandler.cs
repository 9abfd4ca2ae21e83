using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace OrleansSms.Silo.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> against the configured keys. The principal carries
/// the store the key is limited to (<see cref="StoreClaim"/>, absent for all-store keys) and the
/// key's name as its identity's name (<see cref="ApiKeyOptions.LabelOf"/>); never the key itself.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string StoreClaim = "orleans-sms:store";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (ApiKeyLookup.Find(keys.CurrentValue.Keys, header.AsSpan(7).Trim().ToString()) is not { } match)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var principal = new ClaimsPrincipal(ApiKeyLookup.IdentityOf(match, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync("Unauthorized", "A valid API key is required: Authorization: Bearer <key>.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        // A store key on its own store's route is refused only by a route for all-stores keys.
        var ownStore = Context.User.FindFirst(StoreClaim)?.Value is { } limitedTo &&
            string.Equals(limitedTo, Context.GetRouteValue("storeId") as string, StringComparison.Ordinal);
        await WriteProblemAsync("Forbidden", ownStore
            ? "This route needs an API key for all stores: this one is limited to one store."
            : "This API key is limited to another store.");
    }

    /// <summary>The store a principal's key is limited to; null for an all-stores key.</summary>
    public static string? LimitedTo(ClaimsPrincipal user) => user.FindFirst(StoreClaim)?.Value;

    private ValueTask WriteProblemAsync(string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = Response.StatusCode, Title = title, Detail = detail },
        });
}
