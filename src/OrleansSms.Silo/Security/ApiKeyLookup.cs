using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace OrleansSms.Silo.Security;

/// <summary>
/// A presented key against the configured ones, and the identity it grants: one check for the
/// API's bearer tokens and the console's sign-in, so both grant exactly the same access.
/// </summary>
internal static class ApiKeyLookup
{
    /// <summary>The configured key equal to <paramref name="presented"/>, or null.</summary>
    public static ApiKey? Find(IEnumerable<ApiKey> keys, string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        ApiKey? match = null;
        foreach (var key in keys)
        {
            // Compare against every key in constant time so timing says nothing about near misses.
            if (CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(key.Key)))
            {
                match ??= key;
            }
        }

        return match;
    }

    /// <summary>
    /// The identity <paramref name="key"/> grants: the store it is limited to
    /// (<see cref="ApiKeyAuthenticationHandler.StoreClaim"/>, absent for all-store keys), and a
    /// name that says which kind of key it is without a character of the key itself.
    /// </summary>
    public static ClaimsIdentity IdentityOf(ApiKey key, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, key.IsForAllStores ? "all stores" : $"store {key.StoreId}") };
        if (!key.IsForAllStores)
        {
            claims.Add(new Claim(ApiKeyAuthenticationHandler.StoreClaim, key.StoreId!));
        }

        return new ClaimsIdentity(claims, scheme);
    }
}
