using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using OrleansSms.Silo.Security;

namespace OrleansSms.Silo.Console;

/// <summary>
/// The console's sign-in: an API key typed once becomes a signed-in cookie that grants what the
/// key grants (a store key: its store only). The API keeps its bearer keys: which scheme
/// authenticates a request is chosen by its path, so the API never accepts the console's cookie
/// (no cross-site request can act on the API with it) and the console never takes a bearer key.
/// </summary>
public static class ConsoleAuthentication
{
    public const string CookieScheme = "Console";

    /// <summary>The default scheme: forwards to the cookie on the console's paths, else to the API key.</summary>
    public const string SelectorScheme = "ConsoleOrApiKey";

    public const string Policy = "Console";

    public const string LoginPath = "/console/login";

    public const string LogoutPath = "/console/logout";

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddAuthentication(o => o.DefaultScheme = SelectorScheme)
            .AddPolicyScheme(SelectorScheme, null, o => o.ForwardDefaultSelector = context =>
                IsConsolePath(context.Request.Path) ? CookieScheme : ApiKeyAuthenticationHandler.SchemeName)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "orleanssms-console";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                o.LoginPath = LoginPath;
                o.LogoutPath = LogoutPath;
                o.AccessDeniedPath = LoginPath;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CookieScheme)
            .RequireAuthenticatedUser());
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>The console's pages and its Blazor circuit's hub.</summary>
    public static bool IsConsolePath(PathString path) =>
        path.StartsWithSegments("/console", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase);

    /// <summary>Signs in with <paramref name="presentedKey"/>; null (and nothing signed in) when it is no configured key.</summary>
    public static async Task<ClaimsPrincipal?> SignInAsync(HttpContext http, IReadOnlyList<ApiKey> keys, string presentedKey)
    {
        if (ApiKeyLookup.Find(keys, presentedKey.Trim()) is not { } key)
        {
            return null;
        }

        var principal = new ClaimsPrincipal(ApiKeyLookup.IdentityOf(key, CookieScheme));
        await http.SignInAsync(CookieScheme, principal);
        return principal;
    }

    /// <summary>The store a signed-in store key is limited to; null for an all-stores key.</summary>
    public static string? LimitedTo(ClaimsPrincipal user) => user.FindFirst(ApiKeyAuthenticationHandler.StoreClaim)?.Value;

    /// <summary>Whether <paramref name="user"/> may see <paramref name="storeId"/>.</summary>
    public static bool MaySee(ClaimsPrincipal user, string storeId) =>
        user.Identity?.IsAuthenticated == true && LimitedTo(user) is var limited && (limited is null || limited == storeId);

    /// <summary>Where a user lands after signing in: a store key on its store, an all-stores key on the list of stores.</summary>
    public static string HomeOf(ClaimsPrincipal user) =>
        LimitedTo(user) is { } store ? $"/console/stores/{Uri.EscapeDataString(store)}" : "/console/stores";

    internal static RouteHandlerBuilder MapSignOut(this WebApplication app) =>
        app.MapPost(LogoutPath, async Task<IResult> (HttpContext http, IAntiforgery antiforgery) =>
            {
                // No form is bound here, so nothing else would check the token: a page elsewhere
                // must not be able to sign a user out.
                if (!await antiforgery.IsRequestValidAsync(http))
                {
                    return TypedResults.BadRequest();
                }

                await http.SignOutAsync(CookieScheme);
                return TypedResults.Redirect(LoginPath);
            })
            .DisableAntiforgery()
            .ExcludeFromDescription();
}
