using OrleansSms.Silo.Security;
using Scalar.AspNetCore;

namespace OrleansSms.Silo.Api;

/// <summary>
/// The <c>/api</c> group: authenticated by API key, route ids checked once for every route
/// (<see cref="RouteIdsFilter"/>), and the answers every route may give described once for the
/// OpenAPI document. The interactive reference (Scalar) over that document is served in
/// Development, and elsewhere when <c>Api:Reference</c> is true.
/// </summary>
internal static class ApiGroup
{
    public const string ReferenceSetting = "Api:Reference";

    public static RouteGroupBuilder MapApiGroup(this WebApplication app)
    {
        var api = app.MapGroup("/api")
            .RequireAuthorization(StoreAccessRequirement.PolicyName)
            .AddEndpointFilter<RouteIdsFilter>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>(ReferenceSetting))
        {
            app.MapScalarApiReference("/api-reference").AllowAnonymous();
        }

        return api;
    }
}
