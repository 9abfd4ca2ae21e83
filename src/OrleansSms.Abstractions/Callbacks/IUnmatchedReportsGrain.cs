using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Callbacks;

/// <summary>
/// One store's reports that could not be routed to a contact, keyed by store id: the newest
/// <see cref="Capacity"/>, for a person to look into. The callback answers them 200 all the same,
/// so Instasent does not retry them.
/// </summary>
public interface IUnmatchedReportsGrain : IGrainWithStringKey
{
    public const int Capacity = 100;

    Task AddAsync(UnmatchedReport report);

    /// <summary>Newest first.</summary>
    [ReadOnly]
    Task<UnmatchedReport[]> GetAsync();
}
