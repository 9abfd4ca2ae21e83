using OrleansSms.Abstractions.Reports;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Reports;

/// <summary>
/// The query of <c>GET …/reports/sms</c>: <c>from</c>, <c>to</c> (ISO 8601 instants),
/// <c>granularity</c> (<c>day</c> | <c>hour</c>), <c>workflowId</c>, <c>kind</c>
/// (<c>transactional</c> | <c>newsletter</c>), each at most once and nothing else.
/// </summary>
public static class SmsReportRequest
{
    public static readonly string[] Parameters = ["from", "to", "granularity", "workflowId", "kind"];

    /// <summary>The query as the report grain takes it, or null with every problem in <paramref name="errors"/>.</summary>
    public static SmsReportQuery? Read(IQueryCollection query, DateTimeOffset now, ValidationErrors errors)
    {
        foreach (var (name, values) in query)
        {
            if (!Parameters.Contains(name, StringComparer.Ordinal))
            {
                errors.AddValue(name, values.ToString(), $"is not a parameter of this report: it takes {string.Join(", ", Parameters)}.");
            }
            else if (values.Count > 1)
            {
                errors.AddValue(name, values.ToString(), "is given more than once.");
            }
        }

        var from = Instant(query, "from", errors);
        var to = Instant(query, "to", errors);
        var granularity = ReportGranularity.Day;
        if (One(query, "granularity") is { } g && !ReportRange.TryParseGranularity(g, out granularity))
        {
            errors.AddValue("granularity", g, "is not one of day, hour.");
        }

        var workflowId = One(query, "workflowId");
        if (workflowId is not null && !ContactIds.IsValidStoreId(workflowId))
        {
            errors.AddValue("workflowId", workflowId, $"is not a workflow id: {RouteIds.IdRule}.");
        }

        SmsKind? kind = null;
        switch (One(query, "kind"))
        {
            case null:
                break;
            case "transactional":
                kind = SmsKind.Transactional;
                break;
            case "newsletter":
                kind = SmsKind.Newsletter;
                break;
            case var other:
                errors.AddValue("kind", other, "is not one of transactional, newsletter.");
                break;
        }

        if (errors.Any)
        {
            return null;
        }

        var range = ReportRange.Create(from, to, granularity, now, out var problem);
        if (problem is not null)
        {
            errors.Add(problem.Field, problem.Message);
            return null;
        }

        return new SmsReportQuery { From = range.From, To = range.To, Granularity = granularity, WorkflowId = workflowId, Kind = kind };
    }

    private static string? One(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    private static DateTimeOffset? Instant(IQueryCollection query, string name, ValidationErrors errors)
    {
        if (One(query, name) is not { } text)
        {
            return null;
        }

        if (ReportRange.TryParseInstant(text, out var instant))
        {
            return instant;
        }

        errors.AddValue(name, text, "is not an ISO 8601 instant with its offset, e.g. 2026-11-01T00:00:00Z (a '+' offset is sent as %2B).");
        return null;
    }
}
