using OrleansSms.Domain.Workflows;

namespace OrleansSms.Domain.Tests.Workflows;

internal static class WorkflowTestData
{
    /// <summary>The example of docs/api.md ("Workflow definition"), verbatim.</summary>
    public const string ApiExample = """
        {
          "name": "Order follow-up",
          "trigger": {"type": "event", "eventType": "purchase"},
          "start": "confirm",
          "nodes": [
            {"id": "confirm", "type": "sendSms", "smsId": "order-confirmation",
             "recipient": {"type": "contact"}, "kind": "transactional", "senderName": "MyShop",
             "variables": {"firstName": {"from": "contact", "field": "firstName", "fallback": "there"},
                           "orderId": {"from": "event", "property": "orderId"}},
             "next": "wait"},
            {"id": "wait", "type": "wait", "duration": "PT1H", "next": "check"},
            {"id": "check", "type": "smsReceived", "smsId": "order-confirmation", "kind": "any",
             "count": {"op": ">=", "value": 1}, "window": {"last": "P1D"}, "yes": null, "no": "alert"},
            {"id": "alert", "type": "sendSms", "smsId": "ops-alert",
             "recipient": {"type": "alert", "phone": "+34600999000"}, "kind": "transactional",
             "senderName": "MyShop", "next": null}
          ]
        }
        """;

    /// <summary>The store's SMS contents used by the tests.</summary>
    public static readonly DictionaryWorkflowCatalog Catalog = new(new Dictionary<string, string>
    {
        ["order-confirmation"] = "Hi {{firstName}}, your order {{orderId}} is confirmed.",
        ["ops-alert"] = "An order was not delivered.",
        ["promo"] = "Hi {{ firstName }}, 20% off today!",
        ["plain"] = "Thanks!",
    });

    /// <summary>A definition with the given trigger JSON, start and node JSON objects.</summary>
    public static string Workflow(string trigger, string start, params string[] nodes) =>
        $$"""{"name":"Test","trigger":{{trigger}},"start":"{{start}}","nodes":[{{string.Join(",", nodes)}}]}""";

    public const string EventTriggerJson = """{"type":"event","eventType":"purchase"}""";
    public const string ManualTriggerJson = """{"type":"manual"}""";
    public const string NewsletterTriggerJson = """{"type":"newsletter"}""";

    /// <summary>A valid sendSms node of content "plain" to the contact.</summary>
    public static string Send(string id, string? next = null, string smsId = "plain", string extra = "") =>
        $$"""{"id":"{{id}}","type":"sendSms","smsId":"{{smsId}}","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop"{{extra}},"next":{{Ref(next)}}}""";

    public static string Wait(string id, string? next = null, string duration = "PT1H") =>
        $$"""{"id":"{{id}}","type":"wait","duration":"{{duration}}","next":{{Ref(next)}}}""";

    public static string Check(string id, string? yes = null, string? no = null, string count = """{"op":">=","value":1}""", string smsId = "null") =>
        $$"""{"id":"{{id}}","type":"smsReceived","smsId":{{smsId}},"kind":"any","count":{{count}},"window":{"last":"P1D"},"yes":{{Ref(yes)}},"no":{{Ref(no)}}}""";

    public static string Update(string id, string set, string? next = null) =>
        $$"""{"id":"{{id}}","type":"updateContact","set":{{set}},"next":{{Ref(next)}}}""";

    private static string Ref(string? id) => id is null ? "null" : $"\"{id}\"";

    /// <summary>Parses, then validates a structurally sound definition: all problems found.</summary>
    public static IReadOnlyList<WorkflowProblem> Problems(string json)
    {
        var parsed = WorkflowParser.Parse(json);
        if (parsed.Definition is null)
        {
            Assert.NotEmpty(parsed.Problems);
            return parsed.Problems;
        }
        Assert.Empty(parsed.Problems);
        return WorkflowValidator.Validate(parsed.Definition, Catalog);
    }

    public static WorkflowDefinition Parsed(string json)
    {
        var parsed = WorkflowParser.Parse(json);
        Assert.True(parsed.Problems.Count == 0, string.Join("\n", parsed.Problems));
        Assert.NotNull(parsed.Definition);
        return parsed.Definition;
    }

    /// <summary>Asserts the exact list of problems: same count and order, each path equal and its message containing the phrase.</summary>
    public static void AssertProblems(IReadOnlyList<WorkflowProblem> actual, params (string Path, string Phrase)[] expected)
    {
        var shown = string.Join("\n", actual);
        Assert.True(expected.Length == actual.Count, $"expected {expected.Length} problem(s), got {actual.Count}:\n{shown}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Path == actual[i].Path, $"problem {i}: expected path '{expected[i].Path}', got:\n{shown}");
            Assert.True(actual[i].Message.Contains(expected[i].Phrase, StringComparison.Ordinal),
                $"problem {i}: expected '{expected[i].Phrase}' in the message, got:\n{shown}");
        }
    }
}
