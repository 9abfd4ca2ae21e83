namespace OrleansSms.Tests.Infrastructure;

/// <summary>Unique grain keys per test.</summary>
public static class Ids
{
    public static string Store() => "s" + Guid.NewGuid().ToString("N")[..20];

    public static string Contact() => "c" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>An id no other test uses, e.g. for a report Instasent would number.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)];
}

/// <summary>Distinct valid Spanish mobile numbers per test, so simulator look-ups never mix tests.</summary>
public static class TestPhones
{
    private static long _next = Random.Shared.NextInt64(10_000_000, 90_000_000);

    public static string Next() => $"+346{Interlocked.Increment(ref _next):D8}";
}
