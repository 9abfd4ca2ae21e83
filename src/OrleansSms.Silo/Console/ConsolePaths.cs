namespace OrleansSms.Silo.Console;

/// <summary>The console's paths (the contract the browser tests rely on), built in one place.</summary>
public static class ConsolePaths
{
    public const string Root = "/console";

    public static string Store(string storeId) => $"{Root}/stores/{Uri.EscapeDataString(storeId)}";

    public static string SmsSettings(string storeId) => Store(storeId) + "/settings/sms";

    public static string SmsContent(string storeId, string smsId) => Store(storeId) + "/sms/" + Uri.EscapeDataString(smsId);

    public static string Run(string storeId, string workflowId, string runId) =>
        Store(storeId) + "/workflows/" + Uri.EscapeDataString(workflowId) + "/runs/" + Uri.EscapeDataString(runId);

    public static string Alerts(string storeId) => Store(storeId) + "/alerts";

    public static string Webhooks(string storeId) => Store(storeId) + "/settings/webhooks";

    public static string Audit(string storeId) => Store(storeId) + "/audit";

    /// <summary>The store a base-relative path (<c>console/stores/{storeId}/…</c>) is under, if any.</summary>
    public static string? StoreOf(string relativePath)
    {
        var path = relativePath.Split('?', '#')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 3 && segments[0] == "console" && segments[1] == "stores"
            ? Uri.UnescapeDataString(segments[2])
            : null;
    }
}
