namespace OrleansSms.Silo.Console;

/// <summary>The console's paths (the contract the browser tests rely on), built in one place.</summary>
public static class ConsolePaths
{
    public const string Root = "/console";

    public static string Store(string storeId) => $"{Root}/stores/{Uri.EscapeDataString(storeId)}";

    public static string SmsSettings(string storeId) => Store(storeId) + "/settings/sms";

    public static string SmsContent(string storeId, string smsId) => Store(storeId) + "/sms/" + Uri.EscapeDataString(smsId);

    public static string Stores => Root + "/stores";

    public static string Contacts(string storeId) => Store(storeId) + "/contacts";

    public static string Contact(string storeId, string contactId) => Contacts(storeId) + "/" + Uri.EscapeDataString(contactId);

    public static string ContactImport(string storeId) => Contacts(storeId) + "/import";

    public static string SmsContents(string storeId) => Store(storeId) + "/sms";

    public static string Workflows(string storeId) => Store(storeId) + "/workflows";

    public static string Workflow(string storeId, string workflowId) => Workflows(storeId) + "/" + Uri.EscapeDataString(workflowId);

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
