using Bunit;
using MudBlazor.Services;

namespace OrleansSms.Tests.Console.Components;

/// <summary>
/// bUnit's renderer with MudBlazor's services: a console component drawn without a browser or a
/// silo. MudBlazor's JavaScript calls are answered with defaults (loose mode): what is checked
/// here is the component's own logic and markup.
/// </summary>
public abstract class ComponentContext : BunitContext
{
    protected ComponentContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    /// <summary>The MudBlazor field (its input control) whose label is <paramref name="label"/>.</summary>
    protected static AngleSharp.Dom.IElement FieldOf<T>(IRenderedComponent<T> component, string label)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        component.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label);
}
