using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Instasent;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Console;

/// <summary>
/// A silo serving real HTTP (the console, the API, the bundled simulator) and a headless
/// Chromium: Debian's <c>chromium</c> (Playwright's own download cannot work here), from
/// <see cref="ChromiumVariable"/> or <c>/usr/bin/chromium</c>. Without it the browser tests fail
/// and say so; they carry <c>Category=Browser</c>, so a machine without a browser can leave them out.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "ORLEANSSMS_CHROMIUM";

    /// <summary>A folder to save the README's screenshots in (docs/images); unset, none is taken.</summary>
    public const string ScreenshotsVariable = "ORLEANSSMS_SCREENSHOTS";

    private IPlaywright _playwright = null!;

    public SiloFactory Silo { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The API with the all-stores key, to set up and check what the pages do.</summary>
    public HttpClient Api { get; private set; } = null!;

    public string BaseUrl => Silo.PublicBaseUrl;

    /// <summary>What the bundled simulator received for <paramref name="to"/>.</summary>
    public async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        using var simulator = new HttpClient { BaseAddress = Silo.Services.GetRequiredService<InstasentEndpoint>().BaseAddress };
        return (await simulator.GetFromJsonAsync<List<JsonElement>>($"/_sim/messages?to={Uri.EscapeDataString(to)}"))!;
    }

    /// <summary>Sets the delivery report the bundled simulator gives each of these numbers (<c>PUT /_sim/outcomes</c>).</summary>
    public async Task SimulatorOutcomesAsync(IReadOnlyDictionary<string, string> outcomes)
    {
        using var simulator = new HttpClient { BaseAddress = Silo.Services.GetRequiredService<InstasentEndpoint>().BaseAddress };
        (await simulator.PutAsJsonAsync("/_sim/outcomes", outcomes)).EnsureSuccessStatusCode();
    }

    /// <summary>A reply from <paramref name="from"/>, as Instasent forwards it (<c>POST /_sim/inbound</c>).</summary>
    public async Task SimulatorInboundAsync(string from, string text)
    {
        using var simulator = new HttpClient { BaseAddress = Silo.Services.GetRequiredService<InstasentEndpoint>().BaseAddress };
        (await simulator.PostAsJsonAsync("/_sim/inbound", new { from, text })).EnsureSuccessStatusCode();
    }

    public async Task InitializeAsync()
    {
        Silo = new SiloFactory(SiloFactory.Memory(), kestrel: true);
        Api = Silo.CreateAuthorizedClient();
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at '{chromium}': apt-get install chromium, or set {ChromiumVariable}. " +
                "Leave them out with --filter \"Category!=Browser\".");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // As root (CI) Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Api.Dispose();
        await Silo.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies) at <paramref name="width"/> px, with clipboard access.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on the sign-in page with <paramref name="key"/>.</summary>
    public static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/console/login");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Saves the page as <c>{name}.png</c> in the folder <see cref="ScreenshotsVariable"/> names; nothing when it is unset.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            // The heading a navigation focuses draws a ring: not part of the picture.
            await page.EvaluateAsync("() => document.activeElement?.blur()");
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(folder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled,
            });
        }
    }

    /// <summary>Fails on any serious or critical axe-core violation of the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var results = await page.RunAxe();
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: " + string.Join("; ", bad.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
