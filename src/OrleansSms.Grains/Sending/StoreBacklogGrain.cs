using Microsoft.Extensions.Options;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Grains.Reports;

namespace OrleansSms.Grains.Sending;

/// <inheritdoc cref="IStoreBacklogGrain"/>
internal sealed class StoreBacklogGrain(TimeProvider time, IOptions<ReportOptions> options) : Grain, IStoreBacklogGrain
{
    private readonly Dictionary<string, (int Pending, DateTimeOffset At)> _shares = new(StringComparer.Ordinal);

    public Task ReportAsync(string silo, int pending)
    {
        if (pending == 0)
        {
            _shares.Remove(silo);
        }
        else
        {
            _shares[silo] = (pending, time.GetUtcNow());
        }

        return Task.CompletedTask;
    }

    public Task<StoreBacklog> GetAsync()
    {
        // A silo that stopped reporting is gone: its share went with it (its contacts' reminders bring them back elsewhere).
        var since = time.GetUtcNow() - 3 * options.Value.BacklogInterval;
        var live = _shares.Values.Where(s => s.At >= since).ToList();
        return Task.FromResult(new StoreBacklog(live.Sum(s => (long)s.Pending), live.Count));
    }
}
