namespace OrleansSms.Domain.Audit;

/// <summary>
/// What a store's audit trail keeps: its newest <c>maxEntries</c> entries, none older than
/// <c>maxAge</c>, whichever drops an entry first.
/// </summary>
public static class AuditRetention
{
    /// <summary>How many of the oldest entries go, for entries held oldest first.</summary>
    public static int ToDrop<T>(IReadOnlyList<T> oldestFirst, Func<T, DateTimeOffset> at, int maxEntries, TimeSpan maxAge, DateTimeOffset now)
    {
        var drop = Math.Max(0, oldestFirst.Count - maxEntries);
        var oldestKept = now - maxAge;
        while (drop < oldestFirst.Count && at(oldestFirst[drop]) < oldestKept)
        {
            drop++;
        }

        return drop;
    }
}
