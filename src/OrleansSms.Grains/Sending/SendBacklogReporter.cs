using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Grains.Reports;

namespace OrleansSms.Grains.Sending;

/// <summary>
/// Tells each store's <see cref="IStoreBacklogGrain"/> this silo's share of its backlog
/// (<see cref="SendBacklog.TakeReport"/>) every <see cref="ReportOptions.BacklogInterval"/>.
/// A report that does not arrive is sent again at the next tick.
/// </summary>
public sealed partial class SendBacklogReporter(
    SendBacklog backlog, IGrainFactory grains, ILocalSiloDetails silo, TimeProvider time,
    IOptions<ReportOptions> options, ILogger<SendBacklogReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var address = silo.SiloAddress.ToParsableString();
        using var timer = new PeriodicTimer(options.Value.BacklogInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Task.WhenAll(backlog.TakeReport().Select(share => ReportAsync(address, share.StoreId, share.Pending)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReportAsync(string address, string storeId, int pending)
    {
        try
        {
            await grains.GetStoreBacklog(storeId).ReportAsync(address, pending);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            backlog.ReportFailed(storeId);
            LogReportFailed(logger, e, storeId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The backlog share of store {StoreId} could not be reported; it is reported at the next tick")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string storeId);
}
