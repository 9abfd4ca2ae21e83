namespace OrleansSms.Grains;

/// <summary>Names of the grain storage providers the grains persist through.</summary>
public static class StorageNames
{
    /// <summary>
    /// The one grain storage of the product (memory, SQLite or PostgreSQL per configuration).
    /// The ADO.NET provider keys a record by state name and grain key, not grain type: every
    /// grain class uses its own state name (channel, contact, alerts, smsContent).
    /// </summary>
    public const string Sms = "sms";
}
