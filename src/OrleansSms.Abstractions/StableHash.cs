namespace OrleansSms.Abstractions;

/// <summary>Hashes that pick a partition: the same on every process and version (unlike string.GetHashCode).</summary>
internal static class StableHash
{
    /// <summary>FNV-1a over the string's characters.</summary>
    public static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
