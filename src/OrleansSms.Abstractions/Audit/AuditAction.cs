namespace OrleansSms.Abstractions.Audit;

/// <summary>What an audit entry records: a closed vocabulary, answered as camelCase strings.</summary>
public enum AuditAction
{
    /// <summary>The store's first channel save; <see cref="AuditEntry.Changed"/> names the settings it set.</summary>
    ChannelConnected = 0,

    /// <summary>A later channel save; <see cref="AuditEntry.Changed"/> names the settings whose value changed (empty: none did).</summary>
    ChannelChanged = 1,

    CallbackSecretRotated = 2,
    ContentSaved = 3,
    ContentDeleted = 4,

    /// <summary>A workflow definition saved as <see cref="AuditEntry.Version"/>.</summary>
    WorkflowSaved = 5,
    WorkflowActivated = 6,
    WorkflowDeactivated = 7,
    WorkflowDeleted = 8,

    /// <summary>A CSV import; <see cref="AuditEntry.Counts"/> tells what it did.</summary>
    ContactsImported = 9,
    ContactErased = 10,
}
