namespace OrleansSms.Grains;

/// <summary>Names of the grain storage providers the grains persist through.</summary>
public static class StorageNames
{
    /// <summary>The one grain storage of the product (memory, SQLite or PostgreSQL per configuration).</summary>
    public const string Sms = "sms";
}
