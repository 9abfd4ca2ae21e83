using Orleans.Concurrency;
using OrleansSms.Abstractions.Callbacks;

namespace OrleansSms.Grains.Callbacks;

/// <inheritdoc cref="IUnmatchedReportsGrain"/>
/// <remarks>
/// Reentrant so that a burst of unmatched reports (a token shared with another system) shares
/// writes instead of queueing one write per report.
/// </remarks>
[Reentrant]
internal sealed class UnmatchedReportsGrain(
    [PersistentState("unmatchedReports", StorageNames.Sms)] IPersistentState<UnmatchedReportsState> state) : Grain, IUnmatchedReportsGrain
{
    private CoalescingStateWriter<UnmatchedReportsState>? _writer;

    private CoalescingStateWriter<UnmatchedReportsState> Writer => _writer ??= new(state);

    public Task AddAsync(UnmatchedReport report) => Writer.WriteAsync(() =>
    {
        var reports = state.State.Reports;
        reports.Add(report);
        if (reports.Count > IUnmatchedReportsGrain.Capacity)
        {
            reports.RemoveRange(0, reports.Count - IUnmatchedReportsGrain.Capacity);
        }
    });

    public Task<UnmatchedReport[]> GetAsync() => Task.FromResult(Enumerable.Reverse(state.State.Reports).ToArray());
}
