namespace OrleansSms.Domain.Workflows;

/// <summary>
/// One problem of a workflow definition. <paramref name="Path"/> names the JSON location the way
/// it is written in the definition: <c>name</c>, <c>trigger.eventType</c>, <c>start</c>,
/// <c>nodes[2].senderName</c>, <c>nodes[0].variables.firstName.field</c>; an object key that is
/// not a plain identifier is bracketed (<c>nodes[4].set['first name']</c>); the document itself
/// is <c>$</c>. Suitable as a key of an RFC 7807 <c>errors</c> object.
/// </summary>
public sealed record WorkflowProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// The outcome of <see cref="WorkflowParser.Parse"/>: a definition when <see cref="Problems"/> is
/// empty, else null and every problem found.
/// </summary>
public sealed record ParseResult(WorkflowDefinition? Definition, IReadOnlyList<WorkflowProblem> Problems)
{
    public bool IsValid => Definition is not null && Problems.Count == 0;
}

/// <summary>What <see cref="WorkflowValidator"/> needs to know about the store's SMS contents.</summary>
public interface IWorkflowCatalog
{
    /// <summary>True when the store has SMS content <paramref name="smsId"/>.</summary>
    bool SmsExists(string smsId);

    /// <summary>The distinct variables of the content's text (<c>SmsTemplate.Variables</c>); empty when unknown.</summary>
    IReadOnlyList<string> SmsVariables(string smsId);
}

/// <summary>An <see cref="IWorkflowCatalog"/> over an in-memory map of SMS id → text.</summary>
public sealed class DictionaryWorkflowCatalog : IWorkflowCatalog
{
    private readonly Dictionary<string, IReadOnlyList<string>> _variables;

    /// <param name="smsTexts">SMS id → the content's text.</param>
    public DictionaryWorkflowCatalog(IEnumerable<KeyValuePair<string, string>> smsTexts)
    {
        ArgumentNullException.ThrowIfNull(smsTexts);
        _variables = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, text) in smsTexts) _variables[id] = Contents.SmsTemplate.Variables(text);
    }

    public bool SmsExists(string smsId) => _variables.ContainsKey(smsId);

    public IReadOnlyList<string> SmsVariables(string smsId) =>
        _variables.TryGetValue(smsId, out var variables) ? variables : [];
}
