using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace OrleansSms.Silo.Security;

/// <summary>A configured key found by <see cref="ApiKeyLookup.Find"/>, and its place in <c>Api:Keys</c> (which names an unnamed key).</summary>
internal readonly record struct FoundApiKey(ApiKey Key, int Index);

/// <summary>
/// A presented key against the configured ones, and the identity it grants: one check for the
/// API's bearer tokens and the console's sign-in, so both grant exactly the same access.
/// </summary>
internal static class ApiKeyLookup
{
    /// <summary>The configured key equal to <paramref name="presented"/>, or null.</summary>
    public static FoundApiKey? Find(IReadOnlyList<ApiKey> keys, string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        FoundApiKey? match = null;
        for (var i = 0; i < keys.Count; i++)
        {
            // Compare against every key in constant time so timing says nothing about near misses.
            if (CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(keys[i].Key)) && match is null)
            {
                match = new FoundApiKey(keys[i], i);
            }
        }

        return match;
    }

    /// <summary>
    /// The identity a key grants: its name (<see cref="ApiKeyOptions.LabelOf"/>, never anything of
    /// the key itself) and the store it is limited to (<see cref="ApiKeyAuthenticationHandler.StoreClaim"/>,
    /// absent for all-store keys).
    /// </summary>
    public static ClaimsIdentity IdentityOf(FoundApiKey found, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, ApiKeyOptions.LabelOf(found.Key, found.Index)) };
        if (!found.Key.IsForAllStores)
        {
            claims.Add(new Claim(ApiKeyAuthenticationHandler.StoreClaim, found.Key.StoreId!));
        }

        return new ClaimsIdentity(claims, scheme);
    }
}
