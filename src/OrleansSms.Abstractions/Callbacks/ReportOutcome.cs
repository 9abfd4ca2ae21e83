namespace OrleansSms.Abstractions.Callbacks;

/// <summary>What a report posted to the callback did.</summary>
public enum ReportOutcome
{
    /// <summary>The report changed the message (and maybe the contact), or a reply was recorded.</summary>
    Applied = 0,

    /// <summary>Already known, or older than what the message already shows: nothing changed.</summary>
    Unchanged = 1,

    /// <summary>No such message (its contact may have been erased), or its Instasent id differs: a forged or foreign report, ignored and not kept.</summary>
    Ignored = 2,

    /// <summary>Well-formed but for no contact we know (no clientId, not ours, no such contact): kept in the store's unmatched reports.</summary>
    Unmatched = 3,

    /// <summary>
    /// Came before Instasent's answer to our send named the message's id: stored, not applied, until
    /// the answer shows it is about this message (a report naming another id is then dropped).
    /// </summary>
    Held = 4,
}
