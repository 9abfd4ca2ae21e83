using Microsoft.Extensions.Options;

namespace OrleansSms.Instasent;

/// <summary>
/// Where Instasent is: <see cref="InstasentOptions.BaseUrl"/>, or the address a bundled
/// simulator bound once it has started (it may have been given port 0). Read each time a
/// client is made.
/// </summary>
public sealed class InstasentEndpoint(IOptions<InstasentOptions> options)
{
    private Uri _baseAddress = WithSlash(options.Value.BaseUrl!);

    public Uri BaseAddress => Volatile.Read(ref _baseAddress);

    public void UseAddress(Uri address) => Volatile.Write(ref _baseAddress, WithSlash(address.ToString()));

    private static Uri WithSlash(string url) => new(url.TrimEnd('/') + "/");
}
