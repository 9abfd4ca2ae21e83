using System.Globalization;
using System.Text.Json;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Workflows;

/// <summary>
/// Reads the JSON workflow definition of docs/api.md into a <see cref="WorkflowDefinition"/>, listing
/// every structural problem at once: missing, unknown or repeated properties, wrong JSON types,
/// unknown trigger/node/recipient types and enum values, bad ids, durations and dates. Property
/// names and enum values are case-sensitive (camelCase). Never throws on bad input. Meaning
/// (graph, SMS contents, sender names, phones…) is checked by <see cref="WorkflowValidator"/>.
/// Given <see cref="WorkflowLimits"/> (a save), a definition with more nodes than allowed is one
/// problem at <c>nodes</c>, and its nodes are not read at all.
/// </summary>
public static class WorkflowParser
{
    public const int MaxNameLength = 200;

    public const string ErrorRequired = "is required";
    public const string ErrorId = "must be an id: 1-64 characters of A-Z a-z 0-9 _ -";

    /// <summary>Parses a definition; <see cref="ParseResult.Definition"/> is null when there is any problem.</summary>
    /// <param name="limits">The limits of a save; null (a stored version read again) checks none.</param>
    public static ParseResult Parse(JsonElement json, WorkflowLimits? limits = null)
    {
        var reader = new Reader(limits);
        var definition = reader.Definition(json);
        return reader.Problems.Count == 0 && definition is not null
            ? new ParseResult(definition, [])
            : new ParseResult(null, reader.Problems.ToArray());
    }

    /// <summary>Parses JSON text (malformed JSON is one problem at <c>$</c>).</summary>
    /// <param name="limits">The limits of a save; null (a stored version read again) checks none.</param>
    public static ParseResult Parse(string json, WorkflowLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement, limits);
        }
        catch (JsonException e)
        {
            return new ParseResult(null, [new WorkflowProblem("$", $"is not valid JSON ({e.Message})")]);
        }
    }

    /// <summary>
    /// Parses then, when the definition is structurally sound, validates it: the definition when
    /// both found nothing, else null and the problems (structural problems stop before validation).
    /// </summary>
    public static ParseResult ParseAndValidate(JsonElement json, IWorkflowCatalog catalog, WorkflowLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        limits ??= WorkflowLimits.Default;
        var parsed = Parse(json, limits);
        if (parsed.Definition is null) return parsed;
        var problems = WorkflowValidator.Validate(parsed.Definition, catalog, limits);
        return problems.Count == 0 ? parsed : new ParseResult(null, problems);
    }

    /// <summary>The path of property <paramref name="name"/> of the object at <paramref name="parent"/> ("" = the document).</summary>
    internal static string Prop(string parent, string name)
    {
        if (IsIdentifier(name)) return parent.Length == 0 ? name : $"{parent}.{name}";
        var quoted = $"['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
        return parent.Length == 0 ? "$" + quoted : parent + quoted;
    }

    internal static string Index(string parent, int index) => $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The properties of one JSON object, looked up by exact name (first occurrence wins).</summary>
    private sealed class Props(string path, Dictionary<string, JsonElement> values)
    {
        public string Path { get; } = path;

        public string PathOf(string name) => Prop(Path, name);

        public bool Has(string name) => values.ContainsKey(name);

        /// <summary>The value, or null when absent (a JSON null is returned as a Null element).</summary>
        public JsonElement? Get(string name) => values.TryGetValue(name, out var v) ? v : null;

        public IEnumerable<KeyValuePair<string, JsonElement>> All => values;
    }

    private sealed class Reader(WorkflowLimits? limits)
    {
        public List<WorkflowProblem> Problems { get; } = [];

        private void Add(string path, string message) => Problems.Add(new WorkflowProblem(path, message));

        // ---- generic ----------------------------------------------------------------------

        /// <summary>Reads an object, reporting a non-object (<paramref name="what"/> names it) and repeated properties.</summary>
        private Props? Object(JsonElement element, string path, string what)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add(path.Length == 0 ? "$" : path, $"must be {what} (an object), not {Describe(element.ValueKind)}");
                return null;
            }

            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!values.TryAdd(property.Name, property.Value)) Add(Prop(path, property.Name), "appears more than once");
            }
            return new Props(path, values);
        }

        /// <summary>Reports the properties of <paramref name="props"/> that are not <paramref name="allowed"/>.</summary>
        private Props Restrict(Props props, string[] allowed, string owner)
        {
            foreach (var (name, _) in props.All)
            {
                if (Array.IndexOf(allowed, name) >= 0) continue;
                var hint = allowed.FirstOrDefault(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
                Add(props.PathOf(name), hint is null
                    ? $"is not a property of {owner} (allowed: {string.Join(", ", allowed)})"
                    : $"is not a property of {owner} (did you mean '{hint}'? names are case-sensitive)");
            }
            return props;
        }

        private Props? Object(JsonElement element, string path, string what, string[] allowed) =>
            Object(element, path, what) is { } props ? Restrict(props, allowed, what) : null;

        /// <summary>A required string (any text).</summary>
        private string? RequiredString(Props props, string name)
        {
            var value = props.Get(name);
            if (value is null) { Add(props.PathOf(name), ErrorRequired); return null; }
            if (value.Value.ValueKind != JsonValueKind.String)
            {
                Add(props.PathOf(name), $"must be a string, not {Describe(value.Value.ValueKind)}");
                return null;
            }
            return value.Value.GetString();
        }

        /// <summary>A required non-empty string.</summary>
        private string? RequiredText(Props props, string name)
        {
            var text = RequiredString(props, name);
            if (text is not null && text.Length == 0)
            {
                Add(props.PathOf(name), "must not be empty");
                return null;
            }
            return text;
        }

        private string? RequiredId(Props props, string name)
        {
            var id = RequiredString(props, name);
            if (id is null) return null;
            if (!ContactIds.IsValidStoreId(id))
            {
                Add(props.PathOf(name), $"'{id}' {ErrorId}");
                return null;
            }
            return id;
        }

        /// <summary>An optional id: absent or null gives null. False when there is a problem.</summary>
        private bool OptionalId(Props props, string name, out string? id)
        {
            id = null;
            var value = props.Get(name);
            if (value is null || value.Value.ValueKind == JsonValueKind.Null) return true;
            if (value.Value.ValueKind != JsonValueKind.String)
            {
                Add(props.PathOf(name), $"must be a string or null, not {Describe(value.Value.ValueKind)}");
                return false;
            }
            var text = value.Value.GetString()!;
            if (!ContactIds.IsValidStoreId(text))
            {
                Add(props.PathOf(name), $"'{text}' {ErrorId}");
                return false;
            }
            id = text;
            return true;
        }

        private T? RequiredEnum<T>(Props props, string name, string what, (string Wire, T Value)[] options) where T : struct
        {
            var text = RequiredString(props, name);
            if (text is null) return null;
            foreach (var (wire, value) in options)
            {
                if (wire == text) return value;
            }
            Add(props.PathOf(name), $"'{text}' is not {what} ({string.Join(", ", options.Select(o => o.Wire))})");
            return null;
        }

        private TimeSpan? RequiredDuration(Props props, string name)
        {
            var text = RequiredString(props, name);
            if (text is null) return null;
            if (WorkflowDurations.TryParse(text, out var duration, out var error)) return duration;
            Add(props.PathOf(name), $"'{text}' {error}");
            return null;
        }

        // ---- definition -------------------------------------------------------------------

        private static readonly string[] RootProperties = ["name", "trigger", "start", "nodes"];

        public WorkflowDefinition? Definition(JsonElement json)
        {
            var root = Object(json, "", "a workflow definition", RootProperties);
            if (root is null) return null;

            var name = RequiredString(root, "name");
            if (name is not null)
            {
                if (string.IsNullOrWhiteSpace(name)) { Add("name", "must not be empty"); name = null; }
                else if (name.Length > MaxNameLength) { Add("name", $"must be at most {MaxNameLength} characters"); name = null; }
            }

            WorkflowTrigger? trigger = null;
            if (root.Get("trigger") is { } triggerJson) trigger = Trigger(triggerJson);
            else Add("trigger", ErrorRequired);

            var start = RequiredId(root, "start");

            List<WorkflowNode>? nodes = null;
            if (root.Get("nodes") is not { } nodesJson)
            {
                Add("nodes", ErrorRequired);
            }
            else if (nodesJson.ValueKind != JsonValueKind.Array)
            {
                Add("nodes", $"must be an array of nodes, not {Describe(nodesJson.ValueKind)}");
            }
            else if (limits?.NodesProblem(nodesJson.GetArrayLength()) is { } tooMany)
            {
                // Not read: a definition far over the limit costs no more than its count.
                Problems.Add(tooMany);
            }
            else
            {
                nodes = [];
                var i = 0;
                foreach (var nodeJson in nodesJson.EnumerateArray())
                {
                    if (Node(nodeJson, Index("nodes", i)) is { } node) nodes.Add(node);
                    i++;
                }
            }

            if (name is null || trigger is null || start is null || nodes is null) return null;
            return new WorkflowDefinition(name, trigger, start, nodes.ToArray());
        }

        // ---- triggers ---------------------------------------------------------------------

        private static readonly string[] TriggerTypes = ["event", "newsletter", "manual"];

        private WorkflowTrigger? Trigger(JsonElement json)
        {
            const string path = "trigger";
            var any = Object(json, path, "a trigger");
            if (any is null) return null;
            var type = RequiredString(any, "type");
            if (type is null)
            {
                return null;
            }

            switch (type)
            {
                case "event":
                {
                    var props = Restrict(any, ["type", "eventType"], "an event trigger");
                    var eventType = RequiredString(props, "eventType");
                    if (eventType is null) return null;
                    if (!ContactIds.IsValidStoreId(eventType))
                    {
                        Add(props.PathOf("eventType"), $"'{eventType}' must be an event type: 1-64 characters of A-Z a-z 0-9 _ -");
                        return null;
                    }
                    return new EventTrigger(eventType);
                }
                case "newsletter":
                {
                    var props = Restrict(any, ["type", "filter", "at"], "a newsletter trigger");
                    var ok = true;
                    NewsletterFilter? filter = null;
                    if (props.Get("filter") is { ValueKind: not JsonValueKind.Null } filterJson)
                    {
                        filter = Filter(filterJson, props.PathOf("filter"));
                        ok &= filter is not null;
                    }
                    DateTimeOffset? at = null;
                    if (props.Get("at") is { ValueKind: not JsonValueKind.Null } atJson)
                    {
                        if (atJson.ValueKind == JsonValueKind.String && TryParseInstant(atJson.GetString()!, out var instant))
                        {
                            at = instant;
                        }
                        else
                        {
                            Add(props.PathOf("at"), atJson.ValueKind == JsonValueKind.String
                                ? $"'{atJson.GetString()}' must be a date-time with Z or an offset (e.g. 2026-12-01T09:00:00Z)"
                                : $"must be a date-time string or null, not {Describe(atJson.ValueKind)}");
                            ok = false;
                        }
                    }
                    return ok ? new NewsletterTrigger(filter, at) : null;
                }
                case "manual":
                    Restrict(any, ["type"], "a manual trigger");
                    return new ManualTrigger();
                default:
                    Add(any.PathOf("type"), $"'{type}' is not a trigger type ({string.Join(", ", TriggerTypes)})");
                    return null;
            }
        }

        private NewsletterFilter? Filter(JsonElement json, string path)
        {
            var props = Object(json, path, "a filter", ["field", "equals"]);
            if (props is null) return null;
            var field = RequiredText(props, "field");
            string? equals = null;
            if (props.Get("equals") is not { } value)
            {
                Add(props.PathOf("equals"), ErrorRequired);
            }
            else
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.String:
                        equals = value.GetString();
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        equals = ContactValues.FormatBoolean(value.GetBoolean());
                        break;
                    case JsonValueKind.Number:
                        if (ContactValues.TryParseNumber(value.GetRawText(), out var number, out var numberError))
                        {
                            equals = number;
                        }
                        else
                        {
                            Add(props.PathOf("equals"), $"{value.GetRawText()} {numberError}");
                        }

                        break;
                    default:
                        Add(props.PathOf("equals"), $"must be a string, number or boolean, not {Describe(value.ValueKind)}");
                        break;
                }
            }
            return field is null || equals is null ? null : new NewsletterFilter(field, equals);
        }

        // ---- nodes ------------------------------------------------------------------------

        private static readonly string[] NodeTypes = ["sendSms", "wait", "smsReceived", "updateContact"];

        private WorkflowNode? Node(JsonElement json, string path)
        {
            var any = Object(json, path, "a node");
            if (any is null) return null;
            var id = RequiredId(any, "id");
            var type = RequiredString(any, "type");
            if (type is null) return null;
            switch (type)
            {
                case "sendSms":
                    return SendSms(Restrict(any, ["id", "type", "smsId", "recipient", "kind", "senderName", "variables", "next"], "a sendSms node"), id);
                case "wait":
                    return Wait(Restrict(any, ["id", "type", "duration", "next"], "a wait node"), id);
                case "smsReceived":
                    return SmsReceived(Restrict(any, ["id", "type", "smsId", "kind", "count", "window", "yes", "no"], "an smsReceived node"), id);
                case "updateContact":
                    return UpdateContact(Restrict(any, ["id", "type", "set", "next"], "an updateContact node"), id);
                default:
                    Add(any.PathOf("type"), $"'{type}' is not a node type ({string.Join(", ", NodeTypes)})");
                    return null;
            }
        }

        private static readonly (string, SmsKind)[] SmsKinds = [("transactional", SmsKind.Transactional), ("newsletter", SmsKind.Newsletter)];

        private SendSmsNode? SendSms(Props props, string? id)
        {
            var smsId = RequiredId(props, "smsId");

            SmsRecipient? recipient = null;
            if (props.Get("recipient") is { } recipientJson) recipient = Recipient(recipientJson, props.PathOf("recipient"));
            else Add(props.PathOf("recipient"), ErrorRequired);

            var kind = RequiredEnum(props, "kind", "an SMS kind", SmsKinds);
            var senderName = RequiredString(props, "senderName");

            var variablesOk = true;
            var variables = new Dictionary<string, VariableMapping>(StringComparer.Ordinal);
            if (props.Get("variables") is { ValueKind: not JsonValueKind.Null } variablesJson)
            {
                var variablesProps = Object(variablesJson, props.PathOf("variables"), "a map of variable name to mapping");
                if (variablesProps is null)
                {
                    variablesOk = false;
                }
                else
                {
                    foreach (var (name, mappingJson) in variablesProps.All)
                    {
                        var mapping = Mapping(mappingJson, variablesProps.PathOf(name));
                        if (mapping is null) variablesOk = false;
                        else variables[name] = mapping;
                    }
                }
            }

            var nextOk = OptionalId(props, "next", out var next);
            if (id is null || smsId is null || recipient is null || kind is null || senderName is null || !variablesOk || !nextOk) return null;
            return new SendSmsNode(id, smsId, recipient, kind.Value, senderName, variables, next);
        }

        private SmsRecipient? Recipient(JsonElement json, string path)
        {
            var any = Object(json, path, "a recipient");
            if (any is null) return null;
            var type = RequiredString(any, "type");
            switch (type)
            {
                case null:
                    return null;
                case "contact":
                    Restrict(any, ["type"], "a contact recipient");
                    return new ContactRecipient();
                case "alert":
                {
                    var props = Restrict(any, ["type", "phone"], "an alert recipient");
                    var phone = RequiredText(props, "phone");
                    return phone is null ? null : new AlertRecipient(phone);
                }
                default:
                    Add(any.PathOf("type"), $"'{type}' is not a recipient type (contact, alert)");
                    return null;
            }
        }

        private static readonly (string, VariableSource)[] Sources = [("contact", VariableSource.Contact), ("event", VariableSource.Event)];

        private VariableMapping? Mapping(JsonElement json, string path)
        {
            var any = Object(json, path, "a variable mapping");
            if (any is null) return null;
            var from = RequiredEnum(any, "from", "a variable source", Sources);
            if (from is null) return null;

            var key = from == VariableSource.Contact ? "field" : "property";
            var props = Restrict(any, ["from", key, "fallback"],
                from == VariableSource.Contact ? "a contact variable mapping" : "an event variable mapping");
            var name = RequiredText(props, key);

            string? fallback = null;
            var fallbackOk = true;
            if (props.Get("fallback") is { ValueKind: not JsonValueKind.Null } fallbackJson)
            {
                if (fallbackJson.ValueKind == JsonValueKind.String)
                {
                    fallback = fallbackJson.GetString();
                }
                else
                {
                    Add(props.PathOf("fallback"), $"must be a string or null, not {Describe(fallbackJson.ValueKind)}");
                    fallbackOk = false;
                }
            }
            return name is null || !fallbackOk ? null : new VariableMapping(from.Value, name, fallback);
        }

        private WaitNode? Wait(Props props, string? id)
        {
            var duration = RequiredDuration(props, "duration");
            var nextOk = OptionalId(props, "next", out var next);
            if (id is null || duration is null || !nextOk) return null;
            return new WaitNode(id, duration.Value, next);
        }

        private static readonly (string, SmsKindFilter)[] KindFilters =
            [("any", SmsKindFilter.Any), ("newsletter", SmsKindFilter.Newsletter), ("transactional", SmsKindFilter.Transactional)];

        private static readonly (string, CountOperator)[] Operators =
            [(">=", CountOperator.AtLeast), ("=", CountOperator.Exactly), ("<=", CountOperator.AtMost)];

        private SmsReceivedNode? SmsReceived(Props props, string? id)
        {
            var smsIdOk = OptionalId(props, "smsId", out var smsId);
            var kind = RequiredEnum(props, "kind", "an SMS kind filter", KindFilters);

            ReceivedCount? count = null;
            if (props.Get("count") is not { } countJson)
            {
                Add(props.PathOf("count"), ErrorRequired);
            }
            else if (Object(countJson, props.PathOf("count"), "a count", ["op", "value"]) is { } countProps)
            {
                var op = RequiredEnum(countProps, "op", "a count operator", Operators);
                int? value = null;
                if (countProps.Get("value") is not { } valueJson) Add(countProps.PathOf("value"), ErrorRequired);
                else if (valueJson.ValueKind == JsonValueKind.Number && valueJson.TryGetInt32(out var n)) value = n;
                else Add(countProps.PathOf("value"), $"must be a whole number, not {(valueJson.ValueKind == JsonValueKind.Number ? valueJson.GetRawText() : Describe(valueJson.ValueKind))}");
                if (op is not null && value is not null) count = new ReceivedCount(op.Value, value.Value);
            }

            ReceivedWindow? window = null;
            if (props.Get("window") is not { } windowJson) Add(props.PathOf("window"), ErrorRequired);
            else window = Window(windowJson, props.PathOf("window"));

            var yesOk = OptionalId(props, "yes", out var yes);
            var noOk = OptionalId(props, "no", out var no);
            if (id is null || !smsIdOk || kind is null || count is null || window is null || !yesOk || !noOk) return null;
            return new SmsReceivedNode(id, smsId, kind.Value, count, window, yes, no);
        }

        private ReceivedWindow? Window(JsonElement json, string path)
        {
            var props = Object(json, path, "a window", ["last", "since", "on"]);
            if (props is null) return null;
            var given = new[] { "last", "since", "on" }.Where(props.Has).ToArray();
            if (given.Length == 0)
            {
                Add(path, "must have one of last, since, on");
                return null;
            }
            if (given.Length > 1)
            {
                Add(path, $"must have only one of last, since, on (has {string.Join(", ", given)})");
                return null;
            }

            switch (given[0])
            {
                case "last":
                {
                    var duration = RequiredDuration(props, "last");
                    return duration is null ? null : new LastWindow(duration.Value);
                }
                case "since":
                {
                    var text = RequiredString(props, "since");
                    if (text is null) return null;
                    if (TryParseDate(text, out var date)) return new SinceWindow(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
                    if (TryParseInstant(text, out var instant)) return new SinceWindow(instant);
                    Add(props.PathOf("since"), $"'{text}' must be a date (yyyy-MM-dd) or a date-time with Z or an offset");
                    return null;
                }
                default:
                {
                    var text = RequiredString(props, "on");
                    if (text is null) return null;
                    if (TryParseDate(text, out var date)) return new OnWindow(date);
                    Add(props.PathOf("on"), $"'{text}' must be a date (yyyy-MM-dd)");
                    return null;
                }
            }
        }

        private UpdateContactNode? UpdateContact(Props props, string? id)
        {
            Dictionary<string, FieldValueLiteral>? set = null;
            if (props.Get("set") is not { } setJson)
            {
                Add(props.PathOf("set"), ErrorRequired);
            }
            else if (Object(setJson, props.PathOf("set"), "a map of field name to value") is { } setProps)
            {
                set = new Dictionary<string, FieldValueLiteral>(StringComparer.Ordinal);
                var ok = true;
                foreach (var (field, value) in setProps.All)
                {
                    string? numberError = null;
                    FieldValueLiteral? literal = value.ValueKind switch
                    {
                        JsonValueKind.Null => FieldValueLiteral.Null,
                        JsonValueKind.String => FieldValueLiteral.String(value.GetString()!),
                        JsonValueKind.True => FieldValueLiteral.Boolean(true),
                        JsonValueKind.False => FieldValueLiteral.Boolean(false),
                        JsonValueKind.Number when ContactValues.TryParseNumber(value.GetRawText(), out var number, out numberError) => new FieldValueLiteral(FieldValueKind.Number, number),
                        _ => null,
                    };
                    if (literal is null)
                    {
                        Add(setProps.PathOf(field), value.ValueKind == JsonValueKind.Number
                            ? $"{value.GetRawText()} {numberError}"
                            : $"must be a string, number, boolean or null, not {Describe(value.ValueKind)}");
                        ok = false;
                    }
                    else
                    {
                        set[field] = literal;
                    }
                }
                if (!ok) set = null;
            }

            var nextOk = OptionalId(props, "next", out var next);
            if (id is null || set is null || !nextOk) return null;
            return new UpdateContactNode(id, set, next);
        }

        // ---- dates ------------------------------------------------------------------------

        private static bool TryParseDate(string text, out DateOnly date) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

        private static readonly string[] InstantFormats =
        [
            "yyyy-MM-dd'T'HH:mm:ssK",
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
            "yyyy-MM-dd'T'HH:mmK",
        ];

        /// <summary>A date-time with an explicit zone (<c>Z</c> or an offset); a zone-less time is ambiguous.</summary>
        private static bool TryParseInstant(string text, out DateTimeOffset instant)
        {
            instant = default;
            if (text.Length < 17 || text[10] != 'T') return false;
            var time = text.AsSpan(11);
            if (!(time[^1] == 'Z' || time.IndexOfAny('+', '-') > 0)) return false;
            return DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
        }
    }
}
