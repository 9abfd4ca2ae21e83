namespace OrleansSms.Abstractions.Callbacks;

/// <summary>What a delivery report did to the message it names.</summary>
public enum ReportOutcome
{
    /// <summary>The report changed the message (and maybe the contact).</summary>
    Applied = 0,

    /// <summary>Already known, or older than what the message already shows: nothing changed.</summary>
    Unchanged = 1,

    /// <summary>No such message, or its Instasent id differs: a forged or foreign report, ignored.</summary>
    Ignored = 2,
}
