using Orleans.Concurrency;
using OrleansSms.Abstractions.Callbacks;
using OrleansSms.Abstractions.Sending;

namespace OrleansSms.Abstractions.Alerts;

/// <summary>A store's alerts and their history (key: storeId, see <see cref="StoreAlertsKeys"/>). Alerts have their own clientId scheme.</summary>
public interface IStoreAlertsGrain : IGrainWithStringKey
{
    Task<SendSmsResult> SendAlertAsync(SendAlertCommand command);

    [AlwaysInterleave]
    Task<ReportOutcome> ApplyDeliveryReportAsync(long alertNumber, DeliveryReport report);

    /// <summary>The most recent alerts, newest first.</summary>
    [ReadOnly]
    Task<SmsHistoryEntry[]> GetHistoryAsync();
}
