namespace OrleansSms.Abstractions.Audit;

/// <summary>The <see cref="AuditEntry.Target"/> of each thing a store's trail records: its path under the store.</summary>
public static class AuditTargets
{
    public const string Channel = "sms-channel";
    public const string Import = "contacts/import";

    public static string Content(string smsId) => "sms/" + smsId;

    public static string Workflow(string workflowId) => "workflows/" + workflowId;

    public static string Contact(string contactId) => "contacts/" + contactId;
}
