using MudBlazor;

namespace OrleansSms.Silo.Console;

/// <summary>
/// The console's colours: MudBlazor's palette with every colour that carries text dark enough
/// for small text on white and on its own tint (WCAG AA, 4.5:1), which axe-core checks.
/// </summary>
internal static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            AppbarBackground = "#1f5fa8",
            Secondary = "#8a2c6b",
            Error = "#b00020",
            Warning = "#8a4b00",
            Info = "#0b57a4",
            Success = "#1b6e20",
        },
    };
}
