using Microsoft.AspNetCore.Authorization;

namespace OrleansSms.Silo.Security;

/// <summary>A store key may only act on its own store's routes (<c>{storeId}</c>).</summary>
internal sealed class StoreAccessRequirement : IAuthorizationRequirement
{
    public const string PolicyName = "StoreAccess";
}

internal sealed class StoreAccessHandler : AuthorizationHandler<StoreAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StoreAccessRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }

        var limitedTo = context.User.FindFirst(ApiKeyAuthenticationHandler.StoreClaim)?.Value;
        var routeStore = (context.Resource as HttpContext)?.GetRouteValue("storeId") as string;
        if (limitedTo is null || routeStore is null || string.Equals(limitedTo, routeStore, StringComparison.Ordinal))
        {
            // All-store keys pass; store keys pass on their own store and on store-less routes.
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>An operator's route (e.g. a directory rebuild): only a key for all stores may call it.</summary>
internal static class AllStoresAccess
{
    public const string PolicyName = "AllStores";
}

internal static class SecurityExtensions
{
    public static IServiceCollection AddApiKeySecurity(this IServiceCollection services)
    {
        services.AddValidatedOptions<ApiKeyOptions, ApiKeyOptionsValidator>(ApiKeyOptions.Section);
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<ApiKeyOptions>, DevelopmentApiKey>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, StoreAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(StoreAccessRequirement.PolicyName, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new StoreAccessRequirement()))
            .AddPolicy(AllStoresAccess.PolicyName, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => !context.User.HasClaim(c => c.Type == ApiKeyAuthenticationHandler.StoreClaim)));
        return services;
    }
}
