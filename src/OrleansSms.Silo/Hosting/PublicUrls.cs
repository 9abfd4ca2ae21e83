namespace OrleansSms.Silo.Hosting;

/// <summary>
/// The address Instasent reaches the silos at: <c>PublicBaseUrl</c>, else the first
/// <c>--urls</c> address, else the default listen address.
/// </summary>
public sealed class PublicUrls(IConfiguration configuration)
{
    public const string DefaultListenUrl = "http://127.0.0.1:5080";

    public string BaseUrl { get; } = Resolve(configuration);

    public string CallbackUrl(string storeId, string secret) =>
        $"{BaseUrl}/callbacks/instasent/{Uri.EscapeDataString(storeId)}/{secret}";

    private static string Resolve(IConfiguration configuration)
    {
        var explicitUrl = configuration["PublicBaseUrl"];
        if (!string.IsNullOrWhiteSpace(explicitUrl))
        {
            return explicitUrl.TrimEnd('/');
        }

        var first = configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault();
        if (string.IsNullOrEmpty(first))
        {
            return DefaultListenUrl;
        }

        // A wildcard listen address is not a place anyone can call back to.
        return first.Replace("://*", "://localhost").Replace("://+", "://localhost").Replace("://0.0.0.0", "://localhost").TrimEnd('/');
    }
}
