using System.Text.Json;
using OrleansSms.Domain.Sending;
using OrleansSms.Domain.Workflows;
using static OrleansSms.Domain.Tests.Workflows.WorkflowTestData;

namespace OrleansSms.Domain.Tests.Workflows;

public class WorkflowParserTests
{
    [Fact]
    public void ApiExample_ParsesAndValidatesClean()
    {
        using var document = JsonDocument.Parse(ApiExample);
        var result = WorkflowParser.ParseAndValidate(document.RootElement, Catalog);

        Assert.Empty(result.Problems);
        Assert.True(result.IsValid);
        var definition = result.Definition!;
        Assert.Equal("Order follow-up", definition.Name);
        Assert.Equal(new EventTrigger("purchase"), definition.Trigger);
        Assert.Equal("confirm", definition.Start);
        Assert.Equal(["confirm", "wait", "check", "alert"], definition.Nodes.Select(n => n.Id));
        Assert.Empty(WorkflowValidator.Validate(definition, Catalog));
    }

    // ---- round trips: every trigger and node type ----------------------------------------

    [Fact]
    public void SendSmsNode_ToContact_WithVariables()
    {
        var definition = Parsed(ApiExample);
        var send = Assert.IsType<SendSmsNode>(definition.Nodes[0]);

        Assert.Equal("confirm", send.Id);
        Assert.Equal("order-confirmation", send.SmsId);
        Assert.IsType<ContactRecipient>(send.Recipient);
        Assert.Equal(SmsKind.Transactional, send.Kind);
        Assert.Equal("MyShop", send.SenderName);
        Assert.Equal("wait", send.Next);
        Assert.Equal(["firstName", "orderId"], send.Variables.Keys);
        Assert.Equal(new VariableMapping(VariableSource.Contact, "firstName", "there"), send.Variables["firstName"]);
        Assert.Equal("firstName", send.Variables["firstName"].Field);
        Assert.Null(send.Variables["firstName"].Property);
        Assert.Equal(new VariableMapping(VariableSource.Event, "orderId", null), send.Variables["orderId"]);
        Assert.Equal("orderId", send.Variables["orderId"].Property);
        Assert.Null(send.Variables["orderId"].Field);
        Assert.Equal(["wait"], send.Successors);
    }

    [Fact]
    public void SendSmsNode_ToAlert_NewsletterKind_NoVariables()
    {
        var definition = Parsed(Workflow(ManualTriggerJson, "a",
            """{"id":"a","type":"sendSms","smsId":"promo","recipient":{"type":"alert","phone":"+34600999000"},"kind":"newsletter","senderName":"+34600111222"}"""));
        var send = Assert.IsType<SendSmsNode>(Assert.Single(definition.Nodes));

        Assert.Equal(new AlertRecipient("+34600999000"), send.Recipient);
        Assert.Equal(SmsKind.Newsletter, send.Kind);
        Assert.Equal("+34600111222", send.SenderName);
        Assert.Empty(send.Variables);
        Assert.Null(send.Next);
        Assert.Empty(send.Successors);
    }

    [Fact]
    public void WaitNode()
    {
        var wait = Assert.IsType<WaitNode>(Parsed(ApiExample).Nodes[1]);

        Assert.Equal(new WaitNode("wait", TimeSpan.FromHours(1), "check"), wait);
    }

    [Fact]
    public void SmsReceivedNode_Example()
    {
        var check = Assert.IsType<SmsReceivedNode>(Parsed(ApiExample).Nodes[2]);

        Assert.Equal("check", check.Id);
        Assert.Equal("order-confirmation", check.SmsId);
        Assert.Equal(SmsKindFilter.Any, check.Kind);
        Assert.Equal(new ReceivedCount(CountOperator.AtLeast, 1), check.Count);
        Assert.Equal(new LastWindow(TimeSpan.FromDays(1)), check.Window);
        Assert.Null(check.Yes);
        Assert.Equal("alert", check.No);
        Assert.Equal(["alert"], check.Successors);
    }

    [Theory]
    [InlineData(""" "op":"=","value":0 """, CountOperator.Exactly, 0)]
    [InlineData(""" "op":"<=","value":3 """, CountOperator.AtMost, 3)]
    [InlineData(""" "op":">=","value":2 """, CountOperator.AtLeast, 2)]
    public void SmsReceivedNode_Counts(string count, CountOperator op, int value)
    {
        var json = Workflow(EventTriggerJson, "c", Check("c", count: "{" + count + "}"));
        var check = Assert.IsType<SmsReceivedNode>(Parsed(json).Nodes[0]);
        Assert.Equal(new ReceivedCount(op, value), check.Count);
    }

    [Fact]
    public void SmsReceivedNode_AnyContent_Windows_Kinds()
    {
        var definition = Parsed(Workflow(EventTriggerJson, "a",
            """{"id":"a","type":"smsReceived","kind":"newsletter","count":{"op":"<=","value":2},"window":{"since":"2026-03-01"},"yes":"b","no":"c"}""",
            """{"id":"b","type":"smsReceived","smsId":null,"kind":"transactional","count":{"op":"=","value":0},"window":{"since":"2026-03-01T10:30:00+02:00"}}""",
            """{"id":"c","type":"smsReceived","smsId":"promo","kind":"any","count":{"op":">=","value":1},"window":{"on":"2026-02-28"}}"""));

        var a = Assert.IsType<SmsReceivedNode>(definition.Nodes[0]);
        Assert.Null(a.SmsId);
        Assert.Equal(SmsKindFilter.Newsletter, a.Kind);
        Assert.Equal(new ReceivedCount(CountOperator.AtMost, 2), a.Count);
        Assert.Equal(new SinceWindow(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)), a.Window);
        Assert.Equal(["b", "c"], a.Successors);

        var b = Assert.IsType<SmsReceivedNode>(definition.Nodes[1]);
        Assert.Null(b.SmsId);
        Assert.Equal(SmsKindFilter.Transactional, b.Kind);
        Assert.Equal(new ReceivedCount(CountOperator.Exactly, 0), b.Count);
        Assert.Equal(new SinceWindow(new DateTimeOffset(2026, 3, 1, 10, 30, 0, TimeSpan.FromHours(2))), b.Window);
        Assert.Null(b.Yes);
        Assert.Null(b.No);

        var c = Assert.IsType<SmsReceivedNode>(definition.Nodes[2]);
        Assert.Equal("promo", c.SmsId);
        Assert.Equal(new OnWindow(new DateOnly(2026, 2, 28)), c.Window);
    }

    [Fact]
    public void UpdateContactNode_AllValueKinds()
    {
        var definition = Parsed(Workflow(ManualTriggerJson, "u",
            Update("u", """{"city":"Madrid","points":12.50,"vip":true,"churned":false,"nickname":null,"_smsSubscriptionStatus":"notSubscribed"}""", next: null)));
        var update = Assert.IsType<UpdateContactNode>(Assert.Single(definition.Nodes));

        Assert.Equal("u", update.Id);
        Assert.Null(update.Next);
        Assert.Equal(["city", "points", "vip", "churned", "nickname", "_smsSubscriptionStatus"], update.Set.Keys);
        Assert.Equal(FieldValueLiteral.String("Madrid"), update.Set["city"]);
        Assert.Equal(new FieldValueLiteral(FieldValueKind.Number, "12.5"), update.Set["points"]);
        Assert.Equal(new FieldValueLiteral(FieldValueKind.Boolean, "true"), update.Set["vip"]);
        Assert.Equal(FieldValueLiteral.Boolean(false), update.Set["churned"]);
        Assert.Equal(FieldValueLiteral.Null, update.Set["nickname"]);
        Assert.Equal(FieldValueLiteral.String("notSubscribed"), update.Set["_smsSubscriptionStatus"]);
    }

    [Fact]
    public void Numbers_a_double_cannot_hold_exactly_are_refused_in_a_set_and_a_filter() =>
        AssertProblems(Problems(Workflow(
                """{"type":"newsletter","filter":{"field":"orderCount","equals":9007199254740993}}""", "u",
                Update("u", """{"orderCount":9007199254740993,"largest":9007199254740992}"""))),
            ("trigger.filter.equals", "9007199254740993 cannot be stored exactly"),
            ("nodes[0].set.orderCount", "9007199254740993 cannot be stored exactly"));

    [Fact]
    public void NewsletterTrigger_WithFilterAndAt()
    {
        var definition = Parsed(Workflow(
            """{"type":"newsletter","filter":{"field":"city","equals":"Madrid"},"at":"2026-12-01T09:00:00Z"}""", "a", Send("a")));

        Assert.Equal(new NewsletterTrigger(new NewsletterFilter("city", "Madrid"), new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)),
            definition.Trigger);
    }

    [Theory]
    [InlineData("""{"type":"newsletter"}""")]
    [InlineData("""{"type":"newsletter","filter":null,"at":null}""")]
    public void NewsletterTrigger_FilterAndAtOptional(string trigger) =>
        Assert.Equal(new NewsletterTrigger(null, null), Parsed(Workflow(trigger, "a", Send("a"))).Trigger);

    [Theory]
    [InlineData("true", "true")]
    [InlineData("3", "3")]
    [InlineData("2.50", "2.5")]
    public void NewsletterTrigger_FilterEqualsScalarsAsCanonicalText(string equals, string expected)
    {
        var trigger = Parsed(Workflow($$$"""{"type":"newsletter","filter":{"field":"vip","equals":{{{equals}}}}}""", "a", Send("a"))).Trigger;
        Assert.Equal(new NewsletterFilter("vip", expected), Assert.IsType<NewsletterTrigger>(trigger).Filter);
    }

    [Fact]
    public void ManualTriggerType() =>
        Assert.IsType<ManualTrigger>(Parsed(Workflow(ManualTriggerJson, "a", Send("a"))).Trigger);

    // ---- structural problems -------------------------------------------------------------

    [Fact]
    public void NotJson() =>
        AssertProblems(WorkflowParser.Parse("{\"name\":").Problems, ("$", "is not valid JSON"));

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("null", "null")]
    [InlineData("\"x\"", "a string")]
    public void RootNotAnObject(string json, string got) =>
        AssertProblems(Problems(json), ("$", $"must be a workflow definition (an object), not {got}"));

    [Fact]
    public void DefaultJsonElement_DoesNotThrow() =>
        AssertProblems(WorkflowParser.Parse(default(JsonElement)).Problems, ("$", "must be a workflow definition"));

    [Fact]
    public void MissingProperties() =>
        AssertProblems(Problems("{}"),
            ("name", "is required"), ("trigger", "is required"), ("start", "is required"), ("nodes", "is required"));

    [Fact]
    public void MissingNodeProperties() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a",
                """{"type":"sendSms"}""",
                """{"id":"b","type":"wait"}""",
                """{"id":"c","type":"smsReceived"}""",
                """{"id":"d","type":"updateContact"}""",
                """{"id":"e"}""")),
            ("nodes[0].id", "is required"),
            ("nodes[0].smsId", "is required"),
            ("nodes[0].recipient", "is required"),
            ("nodes[0].kind", "is required"),
            ("nodes[0].senderName", "is required"),
            ("nodes[1].duration", "is required"),
            ("nodes[2].kind", "is required"),
            ("nodes[2].count", "is required"),
            ("nodes[2].window", "is required"),
            ("nodes[3].set", "is required"),
            ("nodes[4].type", "is required"));

    [Fact]
    public void UnknownProperties() =>
        AssertProblems(Problems("""
            {"name":"x","Trigger":{"type":"manual","eventType":"purchase"},"start":"a","extra":1,
             "nodes":[{"id":"a","type":"wait","duration":"PT1H","next":null,"yes":"a"},
                      {"id":"b","type":"sendSms","smsId":"plain","recipient":{"type":"contact","phone":"+34600999000"},
                       "kind":"transactional","senderName":"MyShop","variables":{"v":{"from":"contact","property":"x","field":"y"}}}]}
            """),
            ("Trigger", "did you mean 'trigger'?"),
            ("extra", "is not a property of a workflow definition (allowed: name, trigger, start, nodes)"),
            ("trigger", "is required"),
            ("nodes[0].yes", "is not a property of a wait node"),
            ("nodes[1].recipient.phone", "is not a property of a contact recipient"),
            ("nodes[1].variables.v.property", "is not a property of a contact variable mapping (allowed: from, field, fallback)"));

    [Fact]
    public void UnknownTriggerProperty() =>
        AssertProblems(Problems(Workflow("""{"type":"manual","eventType":"purchase"}""", "a", Send("a"))),
            ("trigger.eventType", "is not a property of a manual trigger"));

    [Fact]
    public void RepeatedProperty() =>
        AssertProblems(Problems("""{"name":"x","name":"y","trigger":{"type":"manual"},"start":"a","nodes":[]}"""),
            ("name", "appears more than once"));

    [Fact]
    public void WrongTypes() =>
        AssertProblems(Problems("""
            {"name":1,"trigger":"manual","start":["a"],"nodes":{}}
            """),
            ("name", "must be a string, not a number"),
            ("trigger", "must be a trigger (an object), not a string"),
            ("start", "must be a string, not an array"),
            ("nodes", "must be an array of nodes, not an object"));

    [Fact]
    public void WrongTypesInNodes() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a",
                "42",
                """{"id":"a","type":"sendSms","smsId":"plain","recipient":"contact","kind":"transactional","senderName":"MyShop","variables":[],"next":1}""",
                """{"id":"b","type":"smsReceived","kind":"any","count":{"op":">=","value":1.5},"window":{"last":3},"yes":true}""",
                """{"id":"c","type":"updateContact","set":{"a":[1],"b":{"x":1}}}""",
                """{"id":"d","type":"sendSms","smsId":"plain","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","variables":{"v":"firstName","w":{"from":"contact","field":"x","fallback":1}}}""")),
            ("nodes[0]", "must be a node (an object), not a number"),
            ("nodes[1].recipient", "must be a recipient (an object), not a string"),
            ("nodes[1].variables", "must be a map of variable name to mapping (an object), not an array"),
            ("nodes[1].next", "must be a string or null, not a number"),
            ("nodes[2].count.value", "must be a whole number, not 1.5"),
            ("nodes[2].window.last", "must be a string, not a number"),
            ("nodes[2].yes", "must be a string or null, not a boolean"),
            ("nodes[3].set.a", "must be a string, number, boolean or null, not an array"),
            ("nodes[3].set.b", "must be a string, number, boolean or null, not an object"),
            ("nodes[4].variables.v", "must be a variable mapping (an object), not a string"),
            ("nodes[4].variables.w.fallback", "must be a string or null, not a number"));

    [Fact]
    public void UnknownTypesAndEnumValues() =>
        AssertProblems(Problems(Workflow("""{"type":"cron"}""", "a",
                """{"id":"a","type":"sendEmail","to":"x"}""",
                """{"id":"b","type":"sendSms","smsId":"plain","recipient":{"type":"staff"},"kind":"Transactional","senderName":"MyShop","variables":{"v":{"from":"order","field":"x"}}}""",
                """{"id":"c","type":"smsReceived","kind":"all","count":{"op":">","value":1},"window":{"last":"P1D"}}""")),
            ("trigger.type", "'cron' is not a trigger type (event, newsletter, manual)"),
            ("nodes[0].type", "'sendEmail' is not a node type (sendSms, wait, smsReceived, updateContact)"),
            ("nodes[1].recipient.type", "'staff' is not a recipient type (contact, alert)"),
            ("nodes[1].kind", "'Transactional' is not an SMS kind (transactional, newsletter)"),
            ("nodes[1].variables.v.from", "'order' is not a variable source (contact, event)"),
            ("nodes[2].kind", "'all' is not an SMS kind filter (any, newsletter, transactional)"),
            ("nodes[2].count.op", "'>' is not a count operator (>=, =, <=)"));

    [Fact]
    public void BadIds() =>
        AssertProblems(Problems("""
            {"name":"x","trigger":{"type":"event","eventType":"order placed"},"start":"",
             "nodes":[{"id":"a b","type":"wait","duration":"PT1H","next":"ü"},
                      {"id":"c","type":"sendSms","smsId":"my/sms","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop"},
                      {"id":"d","type":"smsReceived","smsId":"","kind":"any","count":{"op":">=","value":1},"window":{"last":"P1D"},"no":"x.y"}]}
            """),
            ("trigger.eventType", "'order placed' must be an event type"),
            ("start", $"'' {WorkflowParser.ErrorId}"),
            ("nodes[0].id", $"'a b' {WorkflowParser.ErrorId}"),
            ("nodes[0].next", $"'ü' {WorkflowParser.ErrorId}"),
            ("nodes[1].smsId", $"'my/sms' {WorkflowParser.ErrorId}"),
            ("nodes[2].smsId", $"'' {WorkflowParser.ErrorId}"),
            ("nodes[2].no", $"'x.y' {WorkflowParser.ErrorId}"));

    [Fact]
    public void IdLongerThan64() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, new string('a', 65), Send(new string('a', 65)))),
            ("start", WorkflowParser.ErrorId), ("nodes[0].id", WorkflowParser.ErrorId));

    [Fact]
    public void EmptyTexts() =>
        AssertProblems(Problems("""
            {"name":"  ","trigger":{"type":"newsletter","filter":{"field":"","equals":"x"}},"start":"a",
             "nodes":[{"id":"a","type":"sendSms","smsId":"plain","recipient":{"type":"alert","phone":""},"kind":"transactional","senderName":"MyShop",
                       "variables":{"v":{"from":"event","property":""}}}]}
            """),
            ("name", "must not be empty"),
            ("trigger.filter.field", "must not be empty"),
            ("nodes[0].recipient.phone", "must not be empty"),
            ("nodes[0].variables.v.property", "must not be empty"));

    [Fact]
    public void BadDurations() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a",
                Wait("a", "b", duration: "1 hour"),
                Wait("b", "c", duration: "P1M"),
                Wait("c", "d", duration: "PT0S"),
                Check("d", count: """{"op":">=","value":1}""").Replace("\"P1D\"", "\"-P1D\""))),
            ("nodes[0].duration", $"'1 hour' {WorkflowDurations.ErrorSyntax}"),
            ("nodes[1].duration", $"'P1M' {WorkflowDurations.ErrorYearsMonths}"),
            ("nodes[2].duration", $"'PT0S' {WorkflowDurations.ErrorNotPositive}"),
            ("nodes[3].window.last", $"'-P1D' {WorkflowDurations.ErrorNotPositive}"));

    [Fact]
    public void BadDates() =>
        AssertProblems(Problems(Workflow("""{"type":"newsletter","at":"2026-12-01T09:00:00"}""", "a",
                """{"id":"a","type":"smsReceived","kind":"any","count":{"op":">=","value":1},"window":{"since":"yesterday"},"yes":"b"}""",
                """{"id":"b","type":"smsReceived","kind":"any","count":{"op":">=","value":1},"window":{"on":"2026-02-30"}}""",
                """{"id":"c","type":"smsReceived","kind":"any","count":{"op":">=","value":1},"window":{"on":"2026-02-01T00:00:00Z"}}""")),
            ("trigger.at", "'2026-12-01T09:00:00' must be a date-time with Z or an offset"),
            ("nodes[0].window.since", "'yesterday' must be a date (yyyy-MM-dd) or a date-time"),
            ("nodes[1].window.on", "'2026-02-30' must be a date (yyyy-MM-dd)"),
            ("nodes[2].window.on", "must be a date (yyyy-MM-dd)"));

    [Fact]
    public void WindowNeedsExactlyOneOfLastSinceOn() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a",
                Check("a").Replace("""{"last":"P1D"}""", "{}"),
                Check("b").Replace("""{"last":"P1D"}""", """{"last":"P1D","on":"2026-01-01"}"""),
                Check("c").Replace("""{"last":"P1D"}""", """{"lastDays":1}"""))),
            ("nodes[0].window", "must have one of last, since, on"),
            ("nodes[1].window", "must have only one of last, since, on (has last, on)"),
            ("nodes[2].window.lastDays", "is not a property of a window"),
            ("nodes[2].window", "must have one of last, since, on"));

    [Fact]
    public void ProblemsInsideStillCollectedWhenTypeUnknownOrMissing() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", """{"id":"bad id","type":"x"}""", """{"id":"bad id 2"}""")),
            ("nodes[0].id", WorkflowParser.ErrorId),
            ("nodes[0].type", "is not a node type"),
            ("nodes[1].id", WorkflowParser.ErrorId),
            ("nodes[1].type", "is required"));

    [Fact]
    public void NonIdentifierKeysAreBracketed() =>
        AssertProblems(Problems(Workflow(EventTriggerJson, "a", Update("a", """{"first name":[],"it's":{}}"""))),
            ("nodes[0].set['first name']", "must be a string, number, boolean or null"),
            ("nodes[0].set['it\\'s']", "must be a string, number, boolean or null"));

    [Fact]
    public void StructuralProblemsAreAllListedAtOnce()
    {
        var problems = Problems("""
            {"name":"","trigger":{"type":"event"},"start":"a",
             "nodes":[{"id":"a","type":"wait","duration":"P1Y","next":"b"},
                      {"id":"b","type":"sendSms","smsId":"plain","recipient":{"type":"alert"},"kind":"sms","senderName":"MyShop","colour":"red"},
                      {"id":"c","type":"teleport"}]}
            """);
        AssertProblems(problems,
            ("name", "must not be empty"),
            ("trigger.eventType", "is required"),
            ("nodes[0].duration", WorkflowDurations.ErrorYearsMonths),
            ("nodes[1].colour", "is not a property of a sendSms node"),
            ("nodes[1].recipient.phone", "is required"),
            ("nodes[1].kind", "'sms' is not an SMS kind"),
            ("nodes[2].type", "'teleport' is not a node type"));
    }

    [Fact]
    public void ParseAndValidate_StopsAtStructuralProblems()
    {
        using var document = JsonDocument.Parse(Workflow(EventTriggerJson, "a", Wait("a", "nowhere", duration: "soon")));
        var result = WorkflowParser.ParseAndValidate(document.RootElement, Catalog);
        Assert.Null(result.Definition);
        AssertProblems(result.Problems, ("nodes[0].duration", WorkflowDurations.ErrorSyntax));
    }

    [Fact]
    public void ParseAndValidate_ReportsValidationProblems()
    {
        using var document = JsonDocument.Parse(Workflow(EventTriggerJson, "a", Wait("a", "nowhere")));
        var result = WorkflowParser.ParseAndValidate(document.RootElement, Catalog);
        Assert.Null(result.Definition);
        Assert.False(result.IsValid);
        AssertProblems(result.Problems, ("nodes[0].next", "'nowhere' is not the id of a node"));
    }
}
