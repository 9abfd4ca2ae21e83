using System.Globalization;

namespace OrleansSms.Abstractions;

/// <summary>
/// The two shapes of grain keys: a store id alone, or <c>{storeId}/{id}</c>. Neither part may
/// hold '/', so the split is exact. Each grain's key type (e.g. <see cref="Contacts.ContactKeys"/>)
/// names its parts and builds on these.
/// </summary>
internal static class GrainKeys
{
    public static string Store(string storeId)
    {
        if (string.IsNullOrEmpty(storeId) || storeId.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{storeId}' is not a store id.", nameof(storeId));
        }

        return storeId;
    }

    public static string Pair(string storeId, string id) => string.Concat(storeId, "/", id);

    public static string Pair(string storeId, int number) =>
        string.Concat(storeId, "/", number.ToString(CultureInfo.InvariantCulture));

    /// <summary>Splits <c>{storeId}/{id}</c>; <paramref name="shape"/> names the shape in the error.</summary>
    public static (string StoreId, string Id) SplitPair(string key, string shape)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1)
        {
            throw new ArgumentException($"'{key}' is not a {shape} key.", nameof(key));
        }

        return (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>Splits <c>{storeId}/{number}</c>.</summary>
    public static (string StoreId, int Number) SplitNumbered(string key, string shape)
    {
        var (storeId, id) = SplitPair(key, shape);
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new ArgumentException($"'{key}' is not a {shape} key.", nameof(key));
        }

        return (storeId, number);
    }
}
