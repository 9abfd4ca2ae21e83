using System.Globalization;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>How the workflow's list of runs words a run: its kind, status and counters.</summary>
public static class RunSummary
{
    public static string Status(RunListStatus status) => status.ToString().ToLowerInvariant();

    public static string Kind(RunKind kind) => kind == RunKind.Newsletter ? "Newsletter" : "Contact";

    /// <summary>
    /// A one-contact run's contact and steps (and until when it waits); a newsletter's contacts,
    /// sent, skipped, failed, and what is queued or waiting.
    /// </summary>
    public static string Counters(RunListItem item)
    {
        var run = item.Run;
        if (item.Newsletter is not { } newsletter)
        {
            var steps = $"contact {run.ContactId} · {Count(run.Steps, "step")}";
            return run.WaitingUntil is { } until && run.Status == RunListStatus.Waiting
                ? $"{steps} · waiting until {until.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}"
                : steps;
        }

        var c = newsletter.Counters;
        var skipped = c.Bounced + c.Paused + c.NotSubscribed + c.NoPhone + c.FilteredOut + c.TooLong + c.Deleted;
        var text = $"{Count(c.Contacts, "contact")} · {N(c.Sent)} sent · {N(skipped)} skipped · {N(c.Failed)} failed";
        if (c.Queued > 0)
        {
            text += $" · {N(c.Queued)} queued";
        }

        if (c.Waiting > 0)
        {
            text += $" · {N(c.Waiting)} waiting";
        }

        return text;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Count(long value, string noun) => $"{N(value)} {noun}{(value == 1 ? "" : "s")}";
}
