using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Silo.Workflows;

namespace OrleansSms.Silo.Console;

/// <summary>One number of a run as the run page shows it: its name in the API's answer, its words, its value.</summary>
public sealed record RunCounter(string Name, string Label, long Value);

/// <summary>
/// What the run page shows of a run and when it stops refreshing. A newsletter's counters are
/// read from the answer of <c>GET …/runs/{runId}</c> itself (<see cref="NewsletterRunResponse"/>),
/// every number of it, so a counter the API gains shows on the page with no change here.
/// </summary>
public static class RunProgress
{
    /// <summary>How often a live run page reads its run again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after a newsletter ended its page keeps reading delivery reports that have not
    /// all come (a message may stay unreported: Instasent never says more of it).
    /// </summary>
    public static readonly TimeSpan ReportsWindow = TimeSpan.FromHours(1);

    /// <summary>The API's JSON (camelCase names, enums as camelCase strings): its numbers are the counters.</summary>
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Numbers of the answer that are not counters of contacts or messages.</summary>
    private static readonly HashSet<string> NotCounters = new(StringComparer.Ordinal) { "version", "shards", "shardsDone" };

    /// <summary>The order the counters read best in; any other comes after them, in the answer's order.</summary>
    private static readonly string[] Order = ["contacts", "sent", "delivered", "undelivered", "failed", "queued", "waiting", "held"];

    /// <summary>The run's counters (contacts, sent, delivered, …), skip reasons apart (<see cref="SkippedOf"/>).</summary>
    public static IReadOnlyList<RunCounter> CountersOf(NewsletterRunResponse run)
    {
        var counters = new List<RunCounter>();
        foreach (var property in JsonSerializer.SerializeToElement(run, Wire).EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Number && !NotCounters.Contains(property.Name))
            {
                counters.Add(new RunCounter(property.Name, Words(property.Name), property.Value.GetInt64()));
            }
        }

        return [.. counters.OrderBy(c => Array.IndexOf(Order, c.Name) is var i and >= 0 ? i : Order.Length)];
    }

    /// <summary>The run's skips, one per reason the API names, in its order.</summary>
    public static IReadOnlyList<RunCounter> SkippedOf(NewsletterRunResponse run) =>
        [.. JsonSerializer.SerializeToElement(run.Skipped, Wire).EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .Select(p => new RunCounter(p.Name, Words(p.Name), p.Value.GetInt64()))];

    /// <summary>
    /// How far the walk is, 0–100: contacts done of <paramref name="audience"/> (the store's
    /// contacts when the page opened); 100 once the run completed. Null when there is nothing to
    /// measure against yet (the bar then shows an indeterminate state).
    /// </summary>
    public static double? PercentOf(NewsletterRunResponse run, long? audience)
    {
        if (run.Status == NewsletterStatus.Completed)
        {
            return 100;
        }

        if (run.Status == NewsletterStatus.Scheduled)
        {
            return 0;
        }

        var total = Math.Max(audience ?? 0, run.Contacts);
        return total == 0 ? null : Math.Round(100.0 * run.Contacts / total, 1);
    }

    /// <summary>
    /// Whether a newsletter's page keeps reading it: while it is scheduled or running, and once
    /// it is over, until every message it sent (or queued) has its report, for at most
    /// <see cref="ReportsWindow"/> after it ended.
    /// </summary>
    public static bool IsLive(NewsletterRunResponse run, DateTimeOffset now)
    {
        if (run.Status is NewsletterStatus.Scheduled or NewsletterStatus.Running)
        {
            return true;
        }

        var endedAt = run.CompletedAt ?? run.CancelledAt;
        var reported = run.Delivered + run.Undelivered >= run.Sent + run.Queued;
        return !reported && endedAt is { } ended && now - ended < ReportsWindow;
    }

    /// <summary>Whether a one-contact run's page keeps reading it: until it is completed, failed or cancelled.</summary>
    public static bool IsLive(RunView run) => run.Status is RunStatus.Running or RunStatus.Waiting;

    /// <summary>A camelCase name in words: <c>notSubscribed</c> → "Not subscribed".</summary>
    public static string Words(string name)
    {
        var words = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (words.Length == 0)
            {
                words.Append(char.ToUpperInvariant(c));
            }
            else if (char.IsUpper(c))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }

        return words.ToString();
    }
}
