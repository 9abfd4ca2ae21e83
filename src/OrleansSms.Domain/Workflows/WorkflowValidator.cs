using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
// Aliased: inside Domain, libphonenumber's "PhoneNumbers" namespace would shadow the class.
using PhoneNormalizer = OrleansSms.Domain.Phones.PhoneNumbers;

namespace OrleansSms.Domain.Workflows;

/// <summary>
/// Checks what a parsed <see cref="WorkflowDefinition"/> means, listing every problem at once
/// (paths as in <see cref="WorkflowProblem"/>; messages name the node and the value):
/// <list type="bullet">
/// <item>graph: at least one node, unique node ids, <c>start</c> and every <c>next</c>/<c>yes</c>/<c>no</c>
/// naming a node, every node reachable from <c>start</c>, no loop without a wait node in it;</item>
/// <item>limits (<see cref="WorkflowLimits"/>): at most <see cref="WorkflowLimits.MaxNodes"/> nodes,
/// and every loop passing a wait of at least <see cref="WorkflowLimits.MinLoopWait"/> (a shorter
/// wait in a loop that passes none is reported at its <c>duration</c>);</item>
/// <item>SMS contents exist (<see cref="IWorkflowCatalog"/>); every variable of a sent content is
/// mapped in <c>variables</c>; mapped contact fields are field names;</item>
/// <item>sender names (<see cref="SenderNames"/>); alert phones in E.164;</item>
/// <item>impossible combinations: event variables without an event trigger, newsletters to alert
/// numbers, counts that are always or never true;</item>
/// <item>newsletter filter and <c>updateContact</c> field names and system status values.</item>
/// </list>
/// Assumes the structural guarantees of <see cref="WorkflowParser"/>. Order: the trigger, then
/// <c>start</c>, then node by node in definition order, then unreachable nodes and loops.
/// </summary>
public static class WorkflowValidator
{
    /// <summary>System fields an <c>updateContact</c> node may set.</summary>
    public static readonly IReadOnlyList<string> SettableSystemFields =
        [ContactValues.SmsSubscriptionStatusField, ContactValues.MobilePhoneStatusField];

    /// <param name="limits">The limits the definition must keep; null: <see cref="WorkflowLimits.Default"/>.</param>
    public static IReadOnlyList<WorkflowProblem> Validate(WorkflowDefinition definition, IWorkflowCatalog catalog, WorkflowLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(catalog);
        limits ??= WorkflowLimits.Default;
        var problems = new List<WorkflowProblem>();
        void Add(string path, string message) => problems.Add(new WorkflowProblem(path, message));

        // ---- size ----------------------------------------------------------------------------
        if (limits.NodesProblem(definition.Nodes.Count) is { } tooMany)
        {
            // Nothing else is checked: every other problem of a definition that big is beside the point.
            return [tooMany];
        }

        // ---- trigger -------------------------------------------------------------------------
        if (definition.Trigger is NewsletterTrigger { Filter: { } filter } && FilterFieldError(filter.Field) is { } filterError)
        {
            Add("trigger.filter.field", $"'{filter.Field}' {filterError}");
        }

        // ---- ids and start -------------------------------------------------------------------
        var nodes = definition.Nodes;
        var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++) indexById.TryAdd(nodes[i].Id, i);

        if (nodes.Count == 0)
        {
            Add("nodes", "a workflow needs at least one node");
        }
        else if (string.IsNullOrEmpty(definition.Start))
        {
            Add("start", "is required");
        }
        else if (!indexById.ContainsKey(definition.Start))
        {
            Add("start", $"'{definition.Start}' is not the id of a node");
        }

        // ---- node by node --------------------------------------------------------------------
        var hasEvent = definition.Trigger is EventTrigger;
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var path = WorkflowParser.Index("nodes", i);
            if (indexById[node.Id] != i)
            {
                Add(P(path, "id"), $"node id '{node.Id}' is used twice (also nodes[{indexById[node.Id]}])");
            }

            switch (node)
            {
                case SendSmsNode send:
                    CheckReference(send.Next, "next");
                    CheckSendSms(send, path, hasEvent, definition.Trigger, catalog, Add);
                    break;
                case WaitNode wait:
                    CheckReference(wait.Next, "next");
                    if (wait.Duration <= TimeSpan.Zero)
                    {
                        Add(P(path, "duration"), $"node '{wait.Id}': the wait must be longer than zero");
                    }
                    break;
                case SmsReceivedNode received:
                    CheckReference(received.Yes, "yes");
                    CheckReference(received.No, "no");
                    CheckSmsReceived(received, path, catalog, Add);
                    break;
                case UpdateContactNode update:
                    CheckReference(update.Next, "next");
                    CheckUpdateContact(update, path, Add);
                    break;
            }

            void CheckReference(string? target, string property)
            {
                if (target is not null && !indexById.ContainsKey(target))
                {
                    Add(P(path, property), $"node '{node.Id}': {property} '{target}' is not the id of a node");
                }
            }
        }

        // ---- graph ---------------------------------------------------------------------------
        // Edges between first occurrences of ids; references to unknown ids are already reported.
        var edges = new List<int>[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            edges[i] = [];
            if (indexById[nodes[i].Id] != i) continue;
            foreach (var target in nodes[i].Successors)
            {
                if (indexById.TryGetValue(target, out var j)) edges[i].Add(j);
            }
        }

        if (definition.Start is not null && indexById.TryGetValue(definition.Start, out var startIndex))
        {
            var reached = new bool[nodes.Count];
            var stack = new Stack<int>();
            stack.Push(startIndex);
            reached[startIndex] = true;
            while (stack.Count > 0)
            {
                foreach (var j in edges[stack.Pop()])
                {
                    if (!reached[j]) { reached[j] = true; stack.Push(j); }
                }
            }
            for (var i = 0; i < nodes.Count; i++)
            {
                if (!reached[i] && indexById[nodes[i].Id] == i)
                {
                    Add(WorkflowParser.Index("nodes", i), $"node '{nodes[i].Id}' cannot be reached from start '{definition.Start}'");
                }
            }
        }

        foreach (var loop in LoopsWithoutWait(nodes, edges))
        {
            var names = ShowLoop(loop, nodes);
            Add(WorkflowParser.Index("nodes", loop[0]),
                $"loop {names} -> '{nodes[loop[0]].Id}' has no wait node: it would repeat without pause");
        }

        // Loops whose waits are all shorter than the minimum: the components of the graph without
        // its long waits. A component without any wait is a loop without a wait, reported above.
        var minimum = WorkflowDurations.Format(limits.MinLoopWait);
        foreach (var component in CyclicComponents(nodes, edges, i => nodes[i] is not WaitNode { } w || w.Duration < limits.MinLoopWait))
        {
            var members = component.ToHashSet();
            foreach (var i in component.Order())
            {
                if (nodes[i] is not WaitNode wait) continue;
                var loop = CycleWithin(members, i, edges);
                Add(P(WorkflowParser.Index("nodes", i), "duration"),
                    $"node '{wait.Id}': wait '{WorkflowDurations.Format(wait.Duration)}' is in loop {ShowLoop(loop, nodes)} -> '{wait.Id}', " +
                    $"which passes no wait of at least {minimum}: a loop must pause at least {minimum} each time round");
            }
        }

        return problems.ToArray();
    }

    /// <summary>The nodes of a loop, a long one abbreviated: its first nodes, the count, its last nodes.</summary>
    private static string ShowLoop(List<int> loop, IReadOnlyList<WorkflowNode> nodes)
    {
        var shown = loop.Count <= 8
            ? loop.Select(i => $"'{nodes[i].Id}'")
            : loop.Take(3).Select(i => $"'{nodes[i].Id}'")
                .Append($"... ({loop.Count} nodes) ...")
                .Concat(loop.TakeLast(2).Select(i => $"'{nodes[i].Id}'"));
        return string.Join(" -> ", shown);
    }

    private static string P(string parent, string name) => WorkflowParser.Prop(parent, name);

    // ---- sendSms ---------------------------------------------------------------------------

    private static void CheckSendSms(SendSmsNode send, string path, bool hasEvent, WorkflowTrigger trigger,
        IWorkflowCatalog catalog, Action<string, string> add)
    {
        var node = $"node '{send.Id}'";
        var smsExists = catalog.SmsExists(send.SmsId);
        if (!smsExists) add(P(path, "smsId"), $"{node}: SMS content '{send.SmsId}' does not exist");

        switch (send.Recipient)
        {
            case AlertRecipient alert:
                if (PhoneError(alert.Phone) is { } phoneError)
                {
                    add(P(P(path, "recipient"), "phone"), $"{node}: alert phone '{alert.Phone}' {phoneError}");
                }
                if (send.Kind == SmsKind.Newsletter)
                {
                    add(P(path, "kind"), $"{node}: an alert recipient ('{alert.Phone}') only gets transactional SMS, not newsletter");
                }
                break;
        }

        if (SenderNames.Validate(send.SenderName) is { } senderError)
        {
            add(P(path, "senderName"), $"{node}: sender name '{send.SenderName}' {senderError}");
        }

        var variablesPath = P(path, "variables");
        if (smsExists)
        {
            foreach (var variable in catalog.SmsVariables(send.SmsId))
            {
                if (!send.Variables.ContainsKey(variable))
                {
                    add(P(variablesPath, variable),
                        $"{node}: variable '{variable}' of SMS content '{send.SmsId}' is not mapped (map it to a contact field or event property)");
                }
            }
        }

        foreach (var (variable, mapping) in send.Variables)
        {
            var mappingPath = P(variablesPath, variable);
            if (mapping.From == VariableSource.Contact && FilterFieldError(mapping.Name) is { } fieldError)
            {
                add(P(mappingPath, "field"), $"{node}: variable '{variable}' maps to contact field '{mapping.Name}', which {fieldError}");
            }
            if (mapping.From == VariableSource.Event && !hasEvent)
            {
                add(P(mappingPath, "from"),
                    $"{node}: variable '{variable}' comes from event property '{mapping.Name}', but a {TriggerName(trigger)}-triggered workflow has no event");
            }
        }
    }

    private static string TriggerName(WorkflowTrigger trigger) => trigger switch
    {
        EventTrigger => "event",
        NewsletterTrigger => "newsletter",
        ManualTrigger => "manual",
        _ => "non-event",
    };

    /// <summary>Null when <paramref name="phone"/> is a valid number written in E.164, else why not.</summary>
    private static string? PhoneError(string phone)
    {
        if (phone.Length < 2 || phone[0] != '+' || phone.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
        {
            return "must be in E.164: '+' followed by digits only";
        }
        var normalized = PhoneNormalizer.Normalize(phone, defaultCountry: null);
        if (!normalized.IsValid) return $"is not a valid phone number ({normalized.Error})";
        return normalized.E164 == phone ? null : $"must be written in E.164 as {normalized.E164}";
    }

    /// <summary>Null when <paramref name="field"/> names a custom field or a system field of the contact.</summary>
    private static string? FilterFieldError(string field)
    {
        if (field is ContactValues.MobilePhoneField or ContactValues.MobilePhoneStatusField or ContactValues.SmsSubscriptionStatusField)
        {
            return null;
        }
        return field.StartsWith('_')
            ? "is not a contact field (names starting with '_' are system fields: _mobilePhone, _mobilePhoneStatus, _smsSubscriptionStatus)"
            : ContactValues.FieldNameError(field);
    }

    // ---- smsReceived -----------------------------------------------------------------------

    private static void CheckSmsReceived(SmsReceivedNode received, string path, IWorkflowCatalog catalog, Action<string, string> add)
    {
        var node = $"node '{received.Id}'";
        if (received.SmsId is not null && !catalog.SmsExists(received.SmsId))
        {
            add(P(path, "smsId"), $"{node}: SMS content '{received.SmsId}' does not exist");
        }

        var count = received.Count;
        var text = $"'{count.OpText} {count.Value}'";
        if (count.Op == CountOperator.AtLeast && count.Value <= 0)
        {
            add(P(path, "count"), $"{node}: count {text} is always true (use >= 1 or more)");
        }
        else if (count.Op != CountOperator.AtLeast && count.Value < 0)
        {
            add(P(path, "count"), $"{node}: count {text} can never be true (counts are 0 or more)");
        }

        if (received.Window is LastWindow { Duration: var last } && last <= TimeSpan.Zero)
        {
            add(P(P(path, "window"), "last"), $"{node}: window last must be longer than zero");
        }
    }

    // ---- updateContact ---------------------------------------------------------------------

    private static void CheckUpdateContact(UpdateContactNode update, string path, Action<string, string> add)
    {
        var node = $"node '{update.Id}'";
        var setPath = P(path, "set");
        foreach (var (field, value) in update.Set)
        {
            var fieldPath = P(setPath, field);
            if (field == ContactValues.SmsSubscriptionStatusField)
            {
                if (value.Kind != FieldValueKind.String || !ContactValues.TryParseSubscriptionStatus(value.Text, out _))
                {
                    add(fieldPath, $"{node}: {field} value {Show(value)} {ContactValues.SubscriptionStatusError}");
                }
            }
            else if (field == ContactValues.MobilePhoneStatusField)
            {
                if (value.Kind != FieldValueKind.String || !ContactValues.TryParsePhoneStatus(value.Text, out _))
                {
                    add(fieldPath, $"{node}: {field} value {Show(value)} {ContactValues.PhoneStatusError}");
                }
            }
            else if (field.StartsWith('_'))
            {
                add(fieldPath, $"{node}: system field '{field}' cannot be set by a workflow (only {string.Join(" and ", SettableSystemFields)})");
            }
            else if (ContactValues.FieldNameError(field) is { } nameError)
            {
                add(fieldPath, $"{node}: '{field}' is not a valid field name ({nameError})");
            }
            else if (value is { Kind: FieldValueKind.String, Text: { Length: > ContactValues.MaxStringLength } })
            {
                add(fieldPath, $"{node}: value of '{field}' is longer than {ContactValues.MaxStringLength} characters");
            }
        }
    }

    private static string Show(FieldValueLiteral value) => value.Kind switch
    {
        FieldValueKind.String => $"'{value.Text}'",
        FieldValueKind.Null => "null",
        _ => value.Text ?? "null",
    };

    // ---- loops -----------------------------------------------------------------------------

    /// <summary>
    /// Loops that pass no wait node: the strongly connected components (Tarjan) of the graph
    /// without its wait nodes that hold a cycle. Each is given as one concrete cycle starting at
    /// its first node in definition order.
    /// </summary>
    private static List<List<int>> LoopsWithoutWait(IReadOnlyList<WorkflowNode> nodes, List<int>[] edges)
    {
        var loops = new List<List<int>>();
        foreach (var component in CyclicComponents(nodes, edges, i => nodes[i] is not WaitNode))
        {
            loops.Add(CycleWithin(component.ToHashSet(), component.Min(), edges));
        }
        return loops;
    }

    /// <summary>
    /// The strongly connected components (Tarjan) that hold a cycle, of the graph of the nodes
    /// <paramref name="included"/> keeps, ordered by their first node in definition order.
    /// </summary>
    private static IEnumerable<List<int>> CyclicComponents(IReadOnlyList<WorkflowNode> nodes, List<int>[] edges, Func<int, bool> included)
    {
        var n = nodes.Count;
        bool Included(int i) => included(i);

        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var counter = 0;
        var components = new List<List<int>>();

        // Iterative Tarjan (a long chain of nodes must not overflow the call stack).
        for (var root = 0; root < n; root++)
        {
            if (!Included(root) || index[root] >= 0) continue;
            var work = new Stack<(int Node, int Edge)>();
            work.Push((root, 0));
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack[root] = true;
            while (work.Count > 0)
            {
                var (v, e) = work.Pop();
                if (e < edges[v].Count)
                {
                    work.Push((v, e + 1));
                    var w = edges[v][e];
                    if (!Included(w)) continue;
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = counter++;
                        stack.Push(w);
                        onStack[w] = true;
                        work.Push((w, 0));
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }
                    continue;
                }

                if (low[v] == index[v])
                {
                    var component = new List<int>();
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        component.Add(w);
                    }
                    while (w != v);
                    if (component.Count > 1 || edges[v].Contains(v)) components.Add(component);
                }
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
            }
        }

        return components.OrderBy(c => c.Min());
    }

    /// <summary>A shortest cycle through <paramref name="start"/> inside one strongly connected component (BFS).</summary>
    private static List<int> CycleWithin(HashSet<int> component, int start, List<int>[] edges)
    {
        var parent = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in edges[v])
            {
                if (!component.Contains(w)) continue;
                if (w == start)
                {
                    var cycle = new List<int>();
                    for (var x = v; x != start; x = parent[x]) cycle.Add(x);
                    cycle.Add(start);
                    cycle.Reverse();
                    return cycle;
                }
                if (parent.TryAdd(w, v)) queue.Enqueue(w);
            }
        }
        return [start]; // unreachable for a strongly connected component with a cycle
    }
}
