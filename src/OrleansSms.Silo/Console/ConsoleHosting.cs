using MudBlazor.Services;
using OrleansSms.Silo.Console.Components;

namespace OrleansSms.Silo.Console;

/// <summary>
/// The web console: a Blazor Web App (interactive server) in the silo, as the Orleans
/// ShoppingCart sample hosts its UI. Its components call the grains and the API's binding code in
/// process, so the console and the HTTP API apply the same checks and say the same things.
/// </summary>
public static class ConsoleHosting
{
    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        // A build (not a publish) serves MudBlazor's files from the package folder in every
        // environment, the tests' included; a publish has them in wwwroot and no manifest to read.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Snackbars appear at once: no fade that a screen reader or a contrast check catches half-drawn.
        builder.Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        builder.Services.AddConsoleAuthentication(builder.Environment);
        return builder;
    }

    /// <summary>After authentication and authorization: the console's pages, its static files and sign-out.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<ConsoleApp>().AddInteractiveServerRenderMode();
        app.MapSignOut();
        return app;
    }
}
