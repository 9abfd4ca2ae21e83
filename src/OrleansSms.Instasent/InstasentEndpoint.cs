using Microsoft.Extensions.Options;

namespace OrleansSms.Instasent;

/// <summary>
/// Where Instasent is: the configured base URL, or the bundled simulator's address once it has
/// started (it may have been given port 0). Read each time a client is made.
/// </summary>
public sealed class InstasentEndpoint(IOptions<InstasentOptions> options)
{
    private Uri _baseAddress = options.Value.ResolveBaseUrl();

    /// <summary>True when no Instasent URL is configured and the silo runs the simulator itself.</summary>
    public bool IsBundledSimulator { get; } = string.IsNullOrWhiteSpace(options.Value.BaseUrl);

    public Uri BaseAddress => Volatile.Read(ref _baseAddress);

    public void UseAddress(Uri address) => Volatile.Write(ref _baseAddress, new Uri(address.ToString().TrimEnd('/') + "/"));
}
