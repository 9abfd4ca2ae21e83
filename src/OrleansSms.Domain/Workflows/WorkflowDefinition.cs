using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Workflows;

/// <summary>
/// A parsed workflow definition (docs/api.md, "Workflow definition"). Immutable; built by
/// <see cref="WorkflowParser"/>, which guarantees the structural invariants documented on each
/// type (ids are 1–64 characters of <c>A-Z a-z 0-9 _ -</c>, durations are positive…), and checked
/// for meaning by <see cref="WorkflowValidator"/>. Collections keep the order of the JSON.
/// Note: record equality compares collections by reference.
/// </summary>
/// <param name="Name">Non-empty display name.</param>
/// <param name="Trigger">What starts a run.</param>
/// <param name="Start">Id of the first node.</param>
/// <param name="Nodes">The nodes in definition order.</param>
public sealed record WorkflowDefinition(string Name, WorkflowTrigger Trigger, string Start, IReadOnlyList<WorkflowNode> Nodes);

// ---- triggers ----------------------------------------------------------------------------

/// <summary>What starts a workflow run: <see cref="EventTrigger"/>, <see cref="NewsletterTrigger"/> or <see cref="ManualTrigger"/>.</summary>
public abstract record WorkflowTrigger;

/// <summary><c>{"type":"event","eventType":"purchase"}</c>: a storefront event of that type starts a run for its contact.</summary>
public sealed record EventTrigger(string EventType) : WorkflowTrigger;

/// <summary>
/// <c>{"type":"newsletter","filter":{"field":"city","equals":"Madrid"},"at":"2026-12-01T09:00:00Z"}</c>:
/// one run over all contacts of the store (or those matching <paramref name="Filter"/>), now or at
/// <paramref name="At"/> (an instant in the past means now).
/// </summary>
public sealed record NewsletterTrigger(NewsletterFilter? Filter, DateTimeOffset? At) : WorkflowTrigger;

/// <summary>
/// Contacts whose <paramref name="Field"/> equals <paramref name="EqualsValue"/>. The value is
/// text: a JSON number or boolean is kept in the canonical contact-value form
/// (<c>ContactValues.FormatNumber</c>, <c>true</c>/<c>false</c>).
/// </summary>
public sealed record NewsletterFilter(string Field, string EqualsValue);

/// <summary><c>{"type":"manual"}</c>: started through the API.</summary>
public sealed record ManualTrigger : WorkflowTrigger;

// ---- nodes -------------------------------------------------------------------------------

/// <summary>A node of the workflow graph.</summary>
/// <param name="Id">Unique within the workflow.</param>
public abstract record WorkflowNode(string Id)
{
    /// <summary>The node ids this node may continue to (null branches left out), in JSON order.</summary>
    public abstract IEnumerable<string> Successors { get; }
}

/// <summary>
/// <c>sendSms</c>: sends SMS content <paramref name="SmsId"/> to <paramref name="Recipient"/>.
/// </summary>
/// <param name="Variables">Content variable name → where its value comes from (JSON order).</param>
/// <param name="Next">Node to continue with, or null to end the run.</param>
public sealed record SendSmsNode(
    string Id,
    string SmsId,
    SmsRecipient Recipient,
    SmsKind Kind,
    string SenderName,
    IReadOnlyDictionary<string, VariableMapping> Variables,
    string? Next) : WorkflowNode(Id)
{
    public override IEnumerable<string> Successors => Next is null ? [] : [Next];
}

/// <summary>Who a <see cref="SendSmsNode"/> sends to.</summary>
public abstract record SmsRecipient;

/// <summary><c>{"type":"contact"}</c>: the contact the run is for.</summary>
public sealed record ContactRecipient : SmsRecipient;

/// <summary><c>{"type":"alert","phone":"+34600999000"}</c>: a fixed number (E.164), e.g. the shop's staff.</summary>
public sealed record AlertRecipient(string Phone) : SmsRecipient;

/// <summary>Where a variable's value comes from.</summary>
public enum VariableSource
{
    /// <summary>A field of the contact (<c>"from":"contact","field":…</c>).</summary>
    Contact = 0,

    /// <summary>A property of the triggering event (<c>"from":"event","property":…</c>).</summary>
    Event = 1,
}

/// <summary>
/// A content variable's value: the contact field or event property <paramref name="Name"/>, or
/// <paramref name="Fallback"/> when that has no value (no fallback: renders empty).
/// </summary>
/// <param name="Name">The contact field (<see cref="VariableSource.Contact"/>) or event property (<see cref="VariableSource.Event"/>); non-empty.</param>
public sealed record VariableMapping(VariableSource From, string Name, string? Fallback)
{
    /// <summary>The contact field name, or null for an event mapping.</summary>
    public string? Field => From == VariableSource.Contact ? Name : null;

    /// <summary>The event property name, or null for a contact mapping.</summary>
    public string? Property => From == VariableSource.Event ? Name : null;
}

/// <summary><c>wait</c>: a durable pause of <paramref name="Duration"/> (positive, no months or years).</summary>
public sealed record WaitNode(string Id, TimeSpan Duration, string? Next) : WorkflowNode(Id)
{
    public override IEnumerable<string> Successors => Next is null ? [] : [Next];
}

/// <summary>Which SMS kinds a <see cref="SmsReceivedNode"/> counts.</summary>
public enum SmsKindFilter
{
    Any = 0,
    Transactional = 1,
    Newsletter = 2,
}

/// <summary>Comparison of a <see cref="ReceivedCount"/>.</summary>
public enum CountOperator
{
    /// <summary><c>&gt;=</c></summary>
    AtLeast = 0,

    /// <summary><c>=</c></summary>
    Exactly = 1,

    /// <summary><c>&lt;=</c></summary>
    AtMost = 2,
}

/// <summary><c>{"op":"&gt;=","value":1}</c>. The parser accepts any 32-bit integer; the validator rejects pointless counts.</summary>
public sealed record ReceivedCount(CountOperator Op, int Value)
{
    /// <summary>True when <paramref name="received"/> satisfies the count.</summary>
    public bool Matches(int received) => Op switch
    {
        CountOperator.AtLeast => received >= Value,
        CountOperator.Exactly => received == Value,
        CountOperator.AtMost => received <= Value,
        _ => false,
    };

    /// <summary>The wire form of <see cref="Op"/>: <c>&gt;=</c>, <c>=</c> or <c>&lt;=</c>.</summary>
    public string OpText => Op switch
    {
        CountOperator.AtLeast => ">=",
        CountOperator.Exactly => "=",
        CountOperator.AtMost => "<=",
        _ => "?",
    };
}

/// <summary>The period a <see cref="SmsReceivedNode"/> looks at.</summary>
public abstract record ReceivedWindow;

/// <summary><c>{"last":"P1D"}</c>: the last <paramref name="Duration"/> before the check (positive).</summary>
public sealed record LastWindow(TimeSpan Duration) : ReceivedWindow;

/// <summary><c>{"since":"2026-01-01"}</c> or a date-time with a zone: from that instant (a date is midnight UTC) to the check.</summary>
public sealed record SinceWindow(DateTimeOffset Since) : ReceivedWindow;

/// <summary><c>{"on":"2026-01-01"}</c>: that calendar day (UTC).</summary>
public sealed record OnWindow(DateOnly On) : ReceivedWindow;

/// <summary>
/// <c>smsReceived</c>: a condition: has the contact received (delivered per the provider's report)
/// SMS content <paramref name="SmsId"/> (null = any content) of <paramref name="Kind"/>
/// <paramref name="Count"/> times within <paramref name="Window"/>? Continues with
/// <paramref name="Yes"/> or <paramref name="No"/> (null ends the run).
/// </summary>
public sealed record SmsReceivedNode(
    string Id,
    string? SmsId,
    SmsKindFilter Kind,
    ReceivedCount Count,
    ReceivedWindow Window,
    string? Yes,
    string? No) : WorkflowNode(Id)
{
    public override IEnumerable<string> Successors
    {
        get
        {
            if (Yes is not null) yield return Yes;
            if (No is not null) yield return No;
        }
    }
}

/// <summary><c>updateContact</c>: sets contact fields (field name → value, JSON order; a null value clears the field).</summary>
public sealed record UpdateContactNode(string Id, IReadOnlyDictionary<string, FieldValueLiteral> Set, string? Next) : WorkflowNode(Id)
{
    public override IEnumerable<string> Successors => Next is null ? [] : [Next];
}

/// <summary>The JSON type of a <see cref="FieldValueLiteral"/>.</summary>
public enum FieldValueKind
{
    Null = 0,
    String = 1,
    Number = 2,
    Boolean = 3,
}

/// <summary>
/// A JSON scalar without a <c>JsonElement</c>: <see cref="Text"/> is the string as written, a
/// number in canonical form (<c>ContactValues.FormatNumber</c>), <c>true</c>/<c>false</c>, or null.
/// </summary>
public sealed record FieldValueLiteral(FieldValueKind Kind, string? Text)
{
    public static readonly FieldValueLiteral Null = new(FieldValueKind.Null, null);

    public static FieldValueLiteral String(string value) => new(FieldValueKind.String, value ?? throw new ArgumentNullException(nameof(value)));

    public static FieldValueLiteral Number(double value) => new(FieldValueKind.Number, Contacts.ContactValues.FormatNumber(value));

    public static FieldValueLiteral Boolean(bool value) => new(FieldValueKind.Boolean, value ? "true" : "false");
}
