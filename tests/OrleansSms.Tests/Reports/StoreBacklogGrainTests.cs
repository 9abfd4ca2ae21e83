using OrleansSms.Abstractions.Sending;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Reports;

/// <summary>A store's backlog summed over the silos' shares, on a test cluster with a fake clock (default interval 5 s).</summary>
[Collection(ClusterCollection.Name)]
public sealed class StoreBacklogGrainTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Shares_add_up_a_zero_removes_one_and_a_silo_that_stops_reporting_no_longer_counts()
    {
        var backlog = cluster.Grains.GetStoreBacklog(Ids.Store());
        Assert.Equal(new StoreBacklog(0, 0), await backlog.GetAsync());

        await backlog.ReportAsync("silo-a", 30);
        await backlog.ReportAsync("silo-b", 12);
        Assert.Equal(new StoreBacklog(42, 2), await backlog.GetAsync());

        // silo-a keeps reporting; silo-b says nothing more for three intervals: it is gone.
        ClusterFixture.Time.Advance(TimeSpan.FromSeconds(10));
        await backlog.ReportAsync("silo-a", 25);
        ClusterFixture.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(new StoreBacklog(25, 1), await backlog.GetAsync());

        await backlog.ReportAsync("silo-a", 0);
        Assert.Equal(new StoreBacklog(0, 0), await backlog.GetAsync());
    }
}
