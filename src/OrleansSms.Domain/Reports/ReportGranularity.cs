namespace OrleansSms.Domain.Reports;

/// <summary>The size of a report's buckets: UTC days or UTC hours. Wire names <c>day</c>, <c>hour</c>.</summary>
public enum ReportGranularity
{
    Day = 0,
    Hour = 1,
}
