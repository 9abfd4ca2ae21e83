using OrleansSms.Domain.Sending;
using OrleansSms.Domain.Workflows;
using static OrleansSms.Domain.Tests.Workflows.WorkflowTestData;

namespace OrleansSms.Domain.Tests.Workflows;

public class WorkflowValidatorTests
{
    [Fact]
    public void ApiExample_IsClean() => Assert.Empty(Problems(ApiExample));

    [Fact]
    public void EveryNodeTypeTogether_IsClean() =>
        Assert.Empty(Problems(Workflow("""{"type":"newsletter","filter":{"field":"_smsSubscriptionStatus","equals":"subscribed"}}""", "a",
            Send("a", "w", smsId: "promo", extra: ""","variables":{"firstName":{"from":"contact","field":"firstName"}}"""),
            Wait("w", "c"),
            Check("c", yes: "u", no: "a", smsId: "\"promo\""),
            Update("u", """{"vip":true,"_mobilePhoneStatus":"paused","_smsSubscriptionStatus":"none","notes":null}"""))));

    // ---- graph ---------------------------------------------------------------------------

    [Fact]
    public void DuplicateNodeIds() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", Send("a", "b"), Wait("b"), Send("a"))),
            ("nodes[2].id", "node id 'a' is used twice (also nodes[0])"));

    [Fact]
    public void StartUnknown() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "begin", Send("a"))),
            ("start", "'begin' is not the id of a node"));

    [Fact]
    public void NoNodes() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a")),
            ("nodes", "a workflow needs at least one node"));

    [Fact]
    public void StartMissing_InACodeBuiltDefinition() =>
        AssertProblems(WorkflowValidator.Validate(new WorkflowDefinition("x", new ManualTrigger(), "", [new WaitNode("a", TimeSpan.FromHours(1), null)]), Catalog),
            ("start", "is required"));

    [Fact]
    public void NextYesNoPointingAtUnknownNodes() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a",
                Send("a", "b"), Check("b", yes: "gone", no: "lost"), Wait("c", "nope"), Update("d", "{}", "zilch"))),
                        ("nodes[1].yes", "node 'b': yes 'gone' is not the id of a node"),
            ("nodes[1].no", "node 'b': no 'lost' is not the id of a node"),
            ("nodes[2].next", "node 'c': next 'nope' is not the id of a node"),
            ("nodes[3].next", "node 'd': next 'zilch' is not the id of a node"),
            ("nodes[2]", "node 'c' cannot be reached from start 'a'"),
            ("nodes[3]", "node 'd' cannot be reached from start 'a'"));

    [Fact]
    public void UnreachableNodes() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", Send("a"), Wait("orphan", "b"), Send("b"))),
            ("nodes[1]", "node 'orphan' cannot be reached from start 'a'"),
            ("nodes[2]", "node 'b' cannot be reached from start 'a'"));

    [Fact]
    public void LoopWithoutWait() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", Send("a", "b"), Check("b", yes: "c", no: null), Send("c", "a"))),
            ("nodes[0]", "loop 'a' -> 'b' -> 'c' -> 'a' has no wait node"));

    [Fact]
    public void SelfLoopWithoutWait() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", Check("a", yes: "a", no: null))),
            ("nodes[0]", "loop 'a' -> 'a' has no wait node"));

    [Fact]
    public void LoopThroughAWait_IsAllowed() =>
        Assert.Empty(Problems(Workflow(EventTriggerJson, "a", Send("a", "w"), Wait("w", "c"), Check("c", yes: null, no: "a"))));

    [Fact]
    public void LoopThatCanBypassItsWait_IsReported() =>
        // c -(yes)-> w -> c waits, but c -(no)-> d -> c does not.
        AssertProblems(Problems(Workflow(EventTriggerJson, "c", Check("c", yes: "w", no: "d"), Wait("w", "c"), Update("d", """{"x":1}""", "c"))),
            ("nodes[0]", "loop 'c' -> 'd' -> 'c' has no wait node"));

    // ---- limits --------------------------------------------------------------------------

    private static string Chain(int count) =>
        Workflow(ManualTriggerJson, "n0", [.. Enumerable.Range(0, count).Select(i => Update($"n{i}", """{"x":1}""", i + 1 < count ? $"n{i + 1}" : null))]);

    /// <summary>As a save checks a definition: the parser and the validator, both with the limits.</summary>
    private static IReadOnlyList<WorkflowProblem> SaveProblems(string json, WorkflowLimits limits)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return WorkflowParser.ParseAndValidate(document.RootElement, Catalog, limits).Problems;
    }

    [Fact]
    public void ExactlyTheMostNodes_IsClean() =>
        Assert.Empty(SaveProblems(Chain(WorkflowLimits.DefaultMaxNodes), WorkflowLimits.Default));

    [Fact]
    public void OneNodeMoreThanTheMost_IsOneProblemNamingTheCountAndTheLimit() =>
        AssertProblems(SaveProblems(Chain(WorkflowLimits.DefaultMaxNodes + 1), WorkflowLimits.Default),
            ("nodes", "has 201 nodes; a workflow may have at most 200"));

    [Fact]
    public void TenThousandBadNodes_AreOneProblem_TheirCount()
    {
        // Nodes are not read past the limit: no problem of theirs is listed.
        var nodes = Enumerable.Range(0, 10_000).Select(i => """{"id":"x y","type":"nope"}""").ToArray();
        AssertProblems(SaveProblems(Workflow(ManualTriggerJson, "a", nodes), WorkflowLimits.Default),
            ("nodes", "has 10000 nodes; a workflow may have at most 200"));
    }

    [Fact]
    public void TheNodeLimitIsASetting() =>
        AssertProblems(SaveProblems(Chain(4), new WorkflowLimits { MaxNodes = 3 }),
            ("nodes", "has 4 nodes; a workflow may have at most 3"));

    [Fact]
    public void AStoredVersionParsesWithoutLimits() =>
        Assert.Empty(WorkflowParser.Parse(Chain(WorkflowLimits.DefaultMaxNodes + 1)).Problems);

    [Fact]
    public void CodeBuiltDefinitionOverTheNodeLimit() =>
        AssertProblems(WorkflowValidator.Validate(Parsed(Chain(5)), Catalog, new WorkflowLimits { MaxNodes = 4 }),
            ("nodes", "has 5 nodes; a workflow may have at most 4"));

    [Fact]
    public void AMillisecondWaitInALoop_IsRefusedAtItsDuration() =>
        AssertProblems(Problems(Workflow(ManualTriggerJson, "a", Update("a", """{"x":1}""", "w"), Wait("w", "a", duration: "PT0.001S"))),
            ("nodes[1].duration", "node 'w': wait 'PT0.001S' is in loop 'w' -> 'a' -> 'w', which passes no wait of at least PT1M"));

    [Fact]
    public void AShortWaitLoopingOnItself_IsRefused() =>
        AssertProblems(Problems(Workflow(ManualTriggerJson, "w", Wait("w", "w", duration: "PT59S"))),
            ("nodes[0].duration", "wait 'PT59S' is in loop 'w' -> 'w'"));

    [Fact]
    public void EveryShortWaitOfALoop_IsNamed() =>
        AssertProblems(Problems(Workflow(ManualTriggerJson, "a",
                Update("a", """{"x":1}""", "w1"), Wait("w1", "b", duration: "PT30S"), Update("b", """{"x":2}""", "w2"), Wait("w2", "a", duration: "PT10S"))),
            ("nodes[1].duration", "node 'w1': wait 'PT30S'"),
            ("nodes[3].duration", "node 'w2': wait 'PT10S'"));

    [Fact]
    public void AOneMinuteWaitInALoop_IsAllowed() =>
        Assert.Empty(Problems(Workflow(ManualTriggerJson, "a", Update("a", """{"x":1}""", "w"), Wait("w", "a", duration: "PT1M"))));

    [Fact]
    public void AShortWaitInALoopThatAlsoPassesALongOne_IsAllowed() =>
        Assert.Empty(Problems(Workflow(ManualTriggerJson, "a",
            Update("a", """{"x":1}""", "short"), Wait("short", "long", duration: "PT1S"), Wait("long", "a", duration: "P1D"))));

    [Fact]
    public void AShortWaitOutsideAnyLoop_IsAllowed() =>
        Assert.Empty(Problems(Workflow(ManualTriggerJson, "w", Wait("w", "a", duration: "PT0.001S"), Update("a", """{"x":1}"""))));

    [Fact]
    public void AShortWaitOnABranchThatBypassesTheLongWait_IsRefused() =>
        // c -(yes)-> long -> c pauses a day; c -(no)-> short -> c only a second.
        AssertProblems(Problems(Workflow(EventTriggerJson, "c",
                Check("c", yes: "long", no: "short"), Wait("long", "c", duration: "P1D"), Wait("short", "c", duration: "PT1S"))),
            ("nodes[2].duration", "node 'short': wait 'PT1S' is in loop 'short' -> 'c' -> 'short'"));

    [Fact]
    public void TheLoopWaitMinimumIsASetting()
    {
        var json = Workflow(ManualTriggerJson, "a", Update("a", """{"x":1}""", "w"), Wait("w", "a", duration: "PT30M"));
        Assert.Empty(SaveProblems(json, WorkflowLimits.Default));
        AssertProblems(SaveProblems(json, new WorkflowLimits { MinLoopWait = TimeSpan.FromHours(1) }),
            ("nodes[1].duration", "wait 'PT30M' is in loop 'w' -> 'a' -> 'w', which passes no wait of at least PT1H"));
    }

    // ---- SMS contents --------------------------------------------------------------------

    [Fact]
    public void UnknownSmsContent() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", Send("a", "b", smsId: "nosuch"), Check("b", smsId: "\"gone\""))),
            ("nodes[0].smsId", "node 'a': SMS content 'nosuch' does not exist"),
            ("nodes[1].smsId", "node 'b': SMS content 'gone' does not exist"));

    [Fact]
    public void UnmappedContentVariable() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a",
                Send("a", smsId: "order-confirmation", extra: ""","variables":{"firstName":{"from":"contact","field":"firstName"},"unused":{"from":"event","property":"x"}}"""))),
            ("nodes[0].variables.orderId", "node 'a': variable 'orderId' of SMS content 'order-confirmation' is not mapped"));

    [Fact]
    public void MappedContactFieldMustBeAFieldName() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a",
                Send("a", smsId: "promo", extra: ""","variables":{"firstName":{"from":"contact","field":"first name","fallback":"x"}}"""))),
            ("nodes[0].variables.firstName.field", "node 'a': variable 'firstName' maps to contact field 'first name'"));

    // ---- sender and recipient ------------------------------------------------------------

    [Theory]
    [InlineData("My-Shop", "must be 1-11 letters, digits or spaces")]
    [InlineData("12345", "must not be digits only")]
    [InlineData("MyVeryLongShopName", "must be 1-11 letters, digits or spaces")]
    [InlineData("", "is empty")]
    public void SenderNameRule(string sender, string error) =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", Send("a").Replace("\"MyShop\"", $"\"{sender}\""))),
            ("nodes[0].senderName", $"node 'a': sender name '{sender}' {error}"));

    [Theory]
    [InlineData("+34 600 999 000", "must be in E.164: '+' followed by digits only")]
    [InlineData("600999000", "must be in E.164: '+' followed by digits only")]
    [InlineData("+3400000", "is not a valid phone number")]
    [InlineData("+4402079460000", "must be written in E.164 as +442079460000")]
    public void AlertPhoneNotE164(string phone, string error) =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a",
                $$"""{"id":"a","type":"sendSms","smsId":"plain","recipient":{"type":"alert","phone":"{{phone}}"},"kind":"transactional","senderName":"MyShop"}""")),
            ("nodes[0].recipient.phone", $"node 'a': alert phone '{phone}' {error}"));

    // ---- impossible combinations ---------------------------------------------------------

    [Theory]
    [InlineData(ManualTriggerJson, "manual")]
    [InlineData(NewsletterTriggerJson, "newsletter")]
    public void EventVariableWithoutEventTrigger(string trigger, string name) =>
        AssertProblems(Problems(Workflow(trigger, "a",
                Send("a", smsId: "order-confirmation", extra: ""","variables":{"firstName":{"from":"contact","field":"firstName"},"orderId":{"from":"event","property":"orderId","fallback":"-"}}"""))),
            ("nodes[0].variables.orderId.from", $"node 'a': variable 'orderId' comes from event property 'orderId', but a {name}-triggered workflow has no event"));

    [Fact]
    public void NewsletterToAlertRecipient() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a",
                """{"id":"a","type":"sendSms","smsId":"plain","recipient":{"type":"alert","phone":"+34600999000"},"kind":"newsletter","senderName":"MyShop"}""")),
            ("nodes[0].kind", "node 'a': an alert recipient ('+34600999000') only gets transactional SMS"));

    [Theory]
    [InlineData(">=", 0, "count '>= 0' is always true")]
    [InlineData(">=", -2, "count '>= -2' is always true")]
    [InlineData("=", -1, "count '= -1' can never be true")]
    [InlineData("<=", -1, "count '<= -1' can never be true")]
    public void PointlessCount(string op, int value, string phrase) =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", Check("a", count: $$"""{"op":"{{op}}","value":{{value}}}"""))),
            ("nodes[0].count", $"node 'a': {phrase}"));

    [Theory]
    [InlineData("=", 0)]
    [InlineData("<=", 0)]
    [InlineData(">=", 1)]
    public void MeaningfulCounts_AreFine(string op, int value) =>
        Assert.Empty(Problems(Workflow(EventTriggerJson, "a", Check("a", count: $$"""{"op":"{{op}}","value":{{value}}}"""))));

    [Fact]
    public void PastDatesAreAllowed() =>
        Assert.Empty(Problems(Workflow("""{"type":"newsletter","at":"2001-01-01T00:00:00Z"}""", "a",
            """{"id":"a","type":"smsReceived","kind":"any","count":{"op":">=","value":1},"window":{"on":"2999-01-01"},"yes":"b"}""",
            """{"id":"b","type":"smsReceived","kind":"any","count":{"op":">=","value":1},"window":{"since":"2999-01-01"}}""")));

    // ---- fields --------------------------------------------------------------------------

    [Fact]
    public void UpdateContactFields() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", Update("a", """
                {"_mobilePhone":"+34600111222","_foo":"x","first name":"Ana","_smsSubscriptionStatus":"yes","_mobilePhoneStatus":null,"ok":"fine"}
                """))),
            ("nodes[0].set._mobilePhone", "node 'a': system field '_mobilePhone' cannot be set by a workflow (only _smsSubscriptionStatus and _mobilePhoneStatus)"),
            ("nodes[0].set._foo", "node 'a': system field '_foo' cannot be set"),
            ("nodes[0].set['first name']", "node 'a': 'first name' is not a valid field name"),
            ("nodes[0].set._smsSubscriptionStatus", "node 'a': _smsSubscriptionStatus value 'yes' is not a subscription status"),
            ("nodes[0].set._mobilePhoneStatus", "node 'a': _mobilePhoneStatus value null is not a phone status"));

    [Fact]
    public void UpdateContactStringTooLong() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", Update("a", $$"""{"bio":"{{new string('x', 4097)}}"}"""))),
            ("nodes[0].set.bio", "node 'a': value of 'bio' is longer than 4096 characters"));

    [Fact]
    public void NewsletterFilterField() =>
        AssertProblems(Problems(Workflow("""{"type":"newsletter","filter":{"field":"_city","equals":"Madrid"}}""", "a", Send("a"))),
            ("trigger.filter.field", "'_city' is not a contact field"));

    // ---- all at once ---------------------------------------------------------------------

    [Fact]
    public void SeveralProblemsAreAllListedAtOnce()
    {
        var json = Workflow(ManualTriggerJson, "start-here",
            """{"id":"a","type":"sendSms","smsId":"order-confirmation","recipient":{"type":"alert","phone":"+34 600"},"kind":"newsletter","senderName":"1234","variables":{"orderId":{"from":"event","property":"orderId"}},"next":"b"}""",
            Check("b", yes: "a", no: "ghost", count: """{"op":">=","value":0}""", smsId: "\"nosuch\""),
            Update("b", """{"_mobilePhone":null}"""));

        AssertProblems(Problems(json),
            ("start", "'start-here' is not the id of a node"),
            ("nodes[0].recipient.phone", "alert phone '+34 600'"),
            ("nodes[0].kind", "only gets transactional SMS"),
            ("nodes[0].senderName", "sender name '1234' must not be digits only"),
            ("nodes[0].variables.firstName", "variable 'firstName' of SMS content 'order-confirmation' is not mapped"),
            ("nodes[0].variables.orderId.from", "a manual-triggered workflow has no event"),
            ("nodes[1].no", "node 'b': no 'ghost' is not the id of a node"),
            ("nodes[1].smsId", "SMS content 'nosuch' does not exist"),
            ("nodes[1].count", "is always true"),
            ("nodes[2].id", "node id 'b' is used twice (also nodes[1])"),
            ("nodes[2].set._mobilePhone", "system field '_mobilePhone' cannot be set"),
            ("nodes[0]", "loop 'a' -> 'b' -> 'a' has no wait node"));
    }

    [Fact]
    public void CodeBuiltDefinition_IsValidatedToo()
    {
        var definition = new WorkflowDefinition("x", new EventTrigger("purchase"), "a",
        [
            new SendSmsNode("a", "plain", new ContactRecipient(), SmsKind.Transactional, "MyShop", new Dictionary<string, VariableMapping>(), "w"),
            new WaitNode("w", TimeSpan.Zero, null),
        ]);
        AssertProblems(WorkflowValidator.Validate(definition, Catalog),
            ("nodes[1].duration", "node 'w': the wait must be longer than zero"));
    }
}
