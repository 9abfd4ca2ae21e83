using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansSms.Tests.Infrastructure;

/// <summary>
/// The real silo program (Orleans and ASP.NET Core in one process) behind an in-memory HTTP
/// pipeline. Each factory gets its own Orleans ports and cluster id.
/// </summary>
public sealed class SiloFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?>? _settings;
    private readonly int? _httpPort;
    private readonly Action<IServiceCollection>? _services;
    private readonly string _environment;

    /// <param name="settings">Configuration on top of the test defaults (in-memory storage unless given).</param>
    /// <param name="kestrel">
    /// Serve real HTTP on a loopback port instead of the in-memory test server, so the simulator's
    /// delivery reports can reach the silo; <see cref="PublicBaseUrl"/> then points there.
    /// </param>
    /// <param name="services">Extra registrations on top of the program's (e.g. a capturing logger provider).</param>
    /// <param name="environment">The host environment (Development shows what a developer's run answers).</param>
    public SiloFactory(IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false, Action<IServiceCollection>? services = null, string environment = "Testing")
    {
        _environment = environment;
        _settings = settings;
        _services = services;
        if (kestrel)
        {
            _httpPort = FreePorts.Next();
            UseKestrel(_httpPort.Value);
        }
    }

    public string PublicBaseUrl => _httpPort is { } port ? $"http://127.0.0.1:{port}" : "https://sms.example.test";

    public const string AllStoresKey = "test-key-all-stores";

    /// <summary>The all-stores key's name (<c>Api:Keys:0:Name</c>); the store key has none, so it goes by <see cref="StoreKeyName"/>.</summary>
    public const string AllStoresKeyName = "test-admin";
    public const string StoreKeyName = "key-1";
    public const string StoreKeyStore = "store-with-own-key";
    public const string StoreKey = "test-key-one-store";

    /// <summary>Settings for a throwaway in-memory silo.</summary>
    public static IReadOnlyDictionary<string, string?> Memory() => new Dictionary<string, string?> { ["Storage:Provider"] = "memory" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }

        // UseSetting, not ConfigureAppConfiguration: Program reads these while building the host.
        var values = new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Orleans:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["PublicBaseUrl"] = PublicBaseUrl,
            ["Instasent:SimulatorUrl"] = "http://127.0.0.1:0",
            ["Api:Keys:0:Key"] = AllStoresKey,
            ["Api:Keys:0:Name"] = AllStoresKeyName,
            ["Api:Keys:1:Key"] = StoreKey,
            ["Api:Keys:1:StoreId"] = StoreKeyStore,
        };
        if (_httpPort is not null)
        {
            // Program listens on "urls": point it at this factory's port.
            values["urls"] = PublicBaseUrl;
        }

        foreach (var (key, value) in _settings ?? Memory())
        {
            values[key] = value;
        }

        foreach (var (key, value) in values)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that sends the all-stores key.</summary>
    public HttpClient CreateAuthorizedClient(string key = AllStoresKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // A 100k-row import on a busy 2-core machine can take longer than HttpClient's 100 s default.
        client.Timeout = TimeSpan.FromMinutes(10);
        return client;
    }
}
