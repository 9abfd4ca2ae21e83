using OrleansSms.Domain.Reports;

namespace OrleansSms.Abstractions.Reports;

/// <summary>Keys of <see cref="ISmsCountersGrain"/>: <c>{storeId}/{yyyy-MM-dd}</c>, the store and a UTC day.</summary>
public static class SmsCountersKeys
{
    public static string Format(string storeId, DateOnly day) => GrainKeys.Pair(GrainKeys.Store(storeId), ReportRange.Format(day));

    public static (string StoreId, DateOnly Day) Parse(string key)
    {
        var (storeId, day) = GrainKeys.SplitPair(key, "SMS counters (storeId/yyyy-MM-dd)");
        return DateOnly.TryParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed)
            ? (storeId, parsed)
            : throw new ArgumentException($"'{key}' is not an SMS counters key (storeId/yyyy-MM-dd).", nameof(key));
    }

    public static ISmsCountersGrain GetSmsCounters(this IGrainFactory grains, string storeId, DateOnly day) =>
        grains.GetGrain<ISmsCountersGrain>(Format(storeId, day));

    /// <summary>The counters of the UTC day <paramref name="at"/> falls in.</summary>
    public static ISmsCountersGrain GetSmsCounters(this IGrainFactory grains, string storeId, DateTimeOffset at) =>
        grains.GetSmsCounters(storeId, ReportRange.DayOf(at));

    public static IStoreSmsReportGrain GetStoreSmsReport(this IGrainFactory grains, string storeId) =>
        grains.GetGrain<IStoreSmsReportGrain>(GrainKeys.Store(storeId));
}
