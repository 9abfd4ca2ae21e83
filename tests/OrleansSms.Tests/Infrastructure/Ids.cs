namespace OrleansSms.Tests.Infrastructure;

/// <summary>Unique grain keys per test.</summary>
public static class Ids
{
    public static string Store() => "s" + Guid.NewGuid().ToString("N")[..20];

    public static string Contact() => "c" + Guid.NewGuid().ToString("N")[..24];
}
