using System.Text.Json.Nodes;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Sending;
using OrleansSms.Domain.Workflows;
using OrleansSms.Silo.Console.Workflows;

namespace OrleansSms.Tests.Console;

/// <summary>The workflow editor's forms: read from a definition, built by hand, and written back as the definition the grain checks.</summary>
public sealed class WorkflowFormTests
{
    /// <summary>The definition of docs/api.md ("Workflow definition").</summary>
    public const string Seed = """
        {"name":"Order follow-up","trigger":{"type":"event","eventType":"purchase"},"start":"confirm","nodes":[
          {"id":"confirm","type":"sendSms","smsId":"order-confirmation","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop",
           "variables":{"firstName":{"from":"contact","field":"firstName","fallback":"there"},"orderId":{"from":"event","property":"orderId"}},"next":"wait"},
          {"id":"wait","type":"wait","duration":"PT1H","next":"check"},
          {"id":"check","type":"smsReceived","smsId":"order-confirmation","kind":"any","count":{"op":">=","value":1},"window":{"last":"P1D"},"yes":null,"no":"alert"},
          {"id":"alert","type":"sendSms","smsId":"ops-alert","recipient":{"type":"alert","phone":"+34600999000"},"kind":"transactional","senderName":"MyShop","next":null}]}
        """;

    public static readonly DictionaryWorkflowCatalog Catalog = new(new Dictionary<string, string>
    {
        ["order-confirmation"] = "Hola {{firstName}}, pedido {{orderId}}",
        ["ops-alert"] = "Un cliente no recibió su confirmación",
    });

    /// <summary>JSON with every object's properties in name order, so two definitions compare by content.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Canonical(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    private static string Canonical(string json) => Canonical(JsonNode.Parse(json));

    private static IReadOnlyList<WorkflowProblem> Check(WorkflowForm form) =>
        WorkflowParser.ParseAndValidate(System.Text.Json.JsonDocument.Parse(form.ToJsonText()).RootElement, Catalog).Problems;

    [Fact]
    public void The_seed_definition_reads_into_the_forms_and_writes_back_the_same()
    {
        var form = WorkflowForm.FromJson(Seed);

        Assert.Equal("Order follow-up", form.Name);
        Assert.Equal(TriggerType.Event, form.Trigger.Type);
        Assert.Equal("purchase", form.Trigger.EventType);
        Assert.Equal(["confirm", "wait", "check", "alert"], form.Nodes.Select(n => n.Id));
        var confirm = Assert.IsType<SendSmsForm>(form.Nodes[0]);
        Assert.Equal(("order-confirmation", RecipientType.Contact, SmsKind.Transactional, "MyShop"), (confirm.SmsId, confirm.Recipient, confirm.Kind, confirm.SenderName));
        Assert.Equal([("firstName", VariableSource.Contact, "firstName", "there"), ("orderId", VariableSource.Event, "orderId", "")],
            confirm.Variables.Select(v => (v.Name, v.From, v.Source, v.Fallback)));
        var wait = Assert.IsType<WaitForm>(form.Nodes[1]);
        Assert.Equal((1m, DurationUnit.Hours), (wait.Duration.Amount, wait.Duration.Unit));
        var check = Assert.IsType<SmsReceivedForm>(form.Nodes[2]);
        Assert.Equal((CountOperator.AtLeast, 1, WindowMode.Last, 1m, DurationUnit.Days), (check.CountOp, check.CountValue, check.Window, check.Last.Amount, check.Last.Unit));
        Assert.Equal(("", form.Nodes[3].Key), (check.YesKey, check.NoKey));
        Assert.Equal((RecipientType.Alert, "+34600999000"), (((SendSmsForm)form.Nodes[3]).Recipient, ((SendSmsForm)form.Nodes[3]).AlertPhone));

        Assert.Equal(Canonical(Seed), Canonical(form.ToJson()));
        Assert.Empty(Check(form));
    }

    [Fact]
    public void The_seed_built_node_by_node_is_a_definition_the_validator_accepts()
    {
        var form = WorkflowForm.New("Order follow-up");
        form.Trigger.EventType = "purchase";
        var confirm = (SendSmsForm)form.Add(NodeType.SendSms);
        confirm.SmsId = "order-confirmation";
        confirm.SyncVariables(["firstName", "orderId"], dropOthers: true);
        confirm.SenderName = "MyShop";
        confirm.Variables[0].Fallback = "there";
        confirm.Variables[1].From = VariableSource.Event;
        var wait = (WaitForm)form.Add(NodeType.Wait);
        var check = (SmsReceivedForm)form.Add(NodeType.SmsReceived);
        check.SmsId = "order-confirmation";
        var alert = (SendSmsForm)form.Add(NodeType.SendSms);
        alert.SmsId = "ops-alert";
        alert.Recipient = RecipientType.Alert;
        alert.AlertPhone = "+34600999000";
        alert.SenderName = "MyShop";
        check.NoKey = alert.Key;

        // The first node is the start, each node after a Send SMS or Wait is linked from it, an SMS Received's branches are set by hand.
        Assert.Equal(["send", "wait", "check", "send-2"], form.Nodes.Select(n => n.Id));
        Assert.Equal((confirm.Key, wait.Key, check.Key), (form.StartKey, confirm.NextKey, wait.NextKey));
        Assert.Equal("", alert.NextKey);
        Assert.Empty(Check(form));

        var json = form.ToJson();
        Assert.Equal("send", (string?)json["start"]);
        var nodes = json["nodes"]!.AsArray();
        Assert.Equal("send-2", (string?)nodes[2]!["no"]);
        Assert.Null(nodes[2]!["yes"]);
        Assert.Equal("""{"from":"event","property":"orderId"}""", nodes[0]!["variables"]!["orderId"]!.ToJsonString());
        Assert.Equal("PT1H", (string?)nodes[1]!["duration"]);
        Assert.Equal("""{"last":"P1D"}""", nodes[2]!["window"]!.ToJsonString());
    }

    [Fact]
    public void Renaming_a_node_keeps_its_links_and_removing_one_ends_the_branches_to_it()
    {
        var form = WorkflowForm.FromJson(Seed);
        var (confirm, wait, check) = ((SendSmsForm)form.Nodes[0], (WaitForm)form.Nodes[1], (SmsReceivedForm)form.Nodes[2]);

        wait.Id = "pause";
        Assert.Equal("pause", (string?)form.ToJson()["nodes"]![0]!["next"]);

        form.Remove(form.Nodes[3]);
        Assert.Equal("", check.NoKey);
        Assert.Null(form.ToJson()["nodes"]![2]!["no"]);

        form.Remove(confirm);
        Assert.Equal(wait.Key, form.StartKey);
        Assert.Equal("pause", (string?)form.ToJson()["start"]);
        Assert.Empty(Check(form));
    }

    [Fact]
    public void What_the_forms_do_not_edit_is_kept_as_saved_unless_the_trigger_changes_type()
    {
        var form = WorkflowForm.FromJson("""
            {"name":"Weekly","trigger":{"type":"newsletter","at":"2026-12-01T10:00:00+01:00","validity":"PT12H"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"ops-alert","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","quietHours":"obey","next":null}]}
            """);

        Assert.Equal("2026-12-01T09:00", form.Trigger.At);
        var json = form.ToJson();
        Assert.Equal("""{"type":"newsletter","at":"2026-12-01T09:00:00Z","validity":"PT12H"}""", json["trigger"]!.ToJsonString());
        Assert.Equal("obey", (string?)json["nodes"]![0]!["quietHours"]);

        form.Trigger.Type = TriggerType.Manual;
        Assert.Equal("""{"type":"manual"}""", form.ToJson()["trigger"]!.ToJsonString());
    }

    [Fact]
    public void A_newsletter_filter_is_written_only_when_given_and_a_time_that_is_no_time_goes_as_typed()
    {
        var form = WorkflowForm.New("Weekly");
        form.Trigger.Type = TriggerType.Newsletter;
        Assert.Equal("""{"type":"newsletter"}""", form.ToJson()["trigger"]!.ToJsonString());

        form.Trigger.FilterField = "city";
        form.Trigger.FilterEquals = "Madrid";
        form.Trigger.At = "tomorrow";
        Assert.Equal("""{"type":"newsletter","filter":{"field":"city","equals":"Madrid"},"at":"tomorrow"}""", form.ToJson()["trigger"]!.ToJsonString());
    }

    [Theory]
    [InlineData("2099-01-01T09:00", "2099-01-01T09:00")]
    [InlineData("2099-01-01T09:00:00", "2099-01-01T09:00")]
    [InlineData("2099-01-01T09:00:30", "2099-01-01T09:00:30")]
    [InlineData(" soon ", "soon")]
    public void A_start_time_is_kept_in_one_shape_whatever_the_browser_gave(string typed, string kept)
    {
        Assert.Equal(kept, TriggerForm.NormalizeAt(typed));
    }

    [Fact]
    public void Choosing_a_content_offers_its_variables_and_drops_the_mappings_of_the_content_before()
    {
        var send = new SendSmsForm("n1");
        send.SyncVariables(["firstName", "city"], dropOthers: true);
        send.Variables[0].Fallback = "there";

        send.SyncVariables(["orderId", "firstName"], dropOthers: false);
        Assert.Equal([("orderId", true), ("firstName", true), ("city", false)], send.Variables.Select(v => (v.Name, v.InContent)));
        Assert.Equal("there", send.Variables[1].Fallback);
        Assert.Equal(("orderId", VariableSource.Contact), (send.Variables[0].Source, send.Variables[0].From));

        send.SyncVariables(["orderId"], dropOthers: true);
        Assert.Equal(["orderId"], send.Variables.Select(v => v.Name));
    }

    [Theory]
    [InlineData("MyShop", null)]
    [InlineData("My Shop 24", null)]
    [InlineData("+34600999000", null)]
    [InlineData("", null)]
    [InlineData("MyShopSpain1", "'MyShopSpain1' must be 1-11 letters, digits or spaces")]
    [InlineData("12345", "'12345' must not be digits only (use E.164 for a numeric sender)")]
    [InlineData("My-Shop", "'My-Shop' must be 1-11 letters, digits or spaces")]
    public void The_sender_name_is_checked_as_typed_by_the_rule_the_validator_applies(string sender, string? problem)
    {
        var send = new SendSmsForm("n1") { SenderName = sender };

        Assert.Equal(problem, send.SenderNameProblem);
        Assert.Equal(sender.Length > 0 && problem is null, sender.Length > 0 && SenderNames.IsValid(sender));
    }

    [Fact]
    public void Every_problem_the_validator_finds_in_a_node_comes_under_a_path_its_form_shows()
    {
        var form = WorkflowForm.FromJson(Seed);
        var confirm = (SendSmsForm)form.Nodes[0];
        confirm.SenderName = "MyShopSpain1";
        confirm.Variables[0].Source = "_secret";
        var check = (SmsReceivedForm)form.Nodes[2];
        check.CountValue = 0;
        check.Last.Amount = null;
        var alert = (SendSmsForm)form.Nodes[3];
        alert.AlertPhone = "600999000";
        alert.Kind = SmsKind.Newsletter;
        var update = (UpdateContactForm)form.Add(NodeType.UpdateContact);
        update.Set.Add(new FieldSetForm { Field = "first name", Value = "Ana" });
        update.Set.Add(new FieldSetForm { Field = "_mobilePhoneStatus", Value = "gone" });
        alert.NextKey = update.Key;
        form.Trigger.Type = TriggerType.Manual;

        // Structural problems first (the parser stops there), then the validator's.
        var parsed = WorkflowParser.Parse(form.ToJsonText());
        Assert.Equal(["nodes[2].window.last"], parsed.Problems.Select(p => p.Path));
        check.Last.Amount = 1;
        var problems = Check(form);

        Assert.Equal(
            ["nodes[0].senderName", "nodes[0].variables.firstName.field", "nodes[0].variables.orderId.from", "nodes[2].count",
             "nodes[3].kind", "nodes[3].recipient.phone", "nodes[4].set._mobilePhoneStatus", "nodes[4].set['first name']"],
            problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        var shown = new WorkflowProblems();
        shown.Show(problems.Select(p => new WorkflowProblemView(p.Path, p.Message)));
        for (var i = 0; i < form.Nodes.Count; i++)
        {
            Assert.Empty(shown.Unshown(ProblemPath.Node(i), form.Nodes[i].Shown(ProblemPath.Node(i))));
        }

        Assert.Empty(shown.General(form.Nodes.Count));
        Assert.Contains("must be 1-11 letters, digits or spaces", shown.Of("nodes[0].senderName"));
    }

    [Fact]
    public void A_problem_of_the_graph_is_shown_at_its_node_and_one_of_the_whole_definition_at_the_page()
    {
        var form = WorkflowForm.FromJson(Seed);
        var orphan = form.Add(NodeType.Wait);
        var alert = (SendSmsForm)form.Nodes[3];
        Assert.Equal(orphan.Key, alert.NextKey);
        alert.NextKey = "";
        var problems = new WorkflowProblems();

        problems.Show(Check(form).Select(p => new WorkflowProblemView(p.Path, p.Message)));

        var atNode = Assert.Single(problems.Unshown(ProblemPath.Node(4), orphan.Shown(ProblemPath.Node(4))));
        Assert.Equal("node 'wait-2' cannot be reached from start 'confirm'", atNode.Message);
        problems.Show([new WorkflowProblemView("nodes", "has 201 nodes; a workflow may have at most 200"), new WorkflowProblemView("trigger.eventType", "bad")]);
        Assert.Equal(["nodes"], problems.General(form.Nodes.Count).Select(p => p.Path));
        Assert.Empty(problems.Unshown("trigger", TriggerForm.Shown));
    }

    [Fact]
    public void A_number_that_is_no_number_is_refused_before_the_definition_is_sent()
    {
        var form = WorkflowForm.New("Tag");
        var update = (UpdateContactForm)form.Add(NodeType.UpdateContact);
        update.Set.Add(new FieldSetForm { Field = "orders", ValueType = FieldValueType.Number, Value = "many" });
        update.Set.Add(new FieldSetForm { Field = "vip", ValueType = FieldValueType.Boolean, Value = "true" });
        update.Set.Add(new FieldSetForm { Field = "city", ValueType = FieldValueType.Clear });

        var problem = Assert.Single(form.LocalProblems());
        Assert.Equal(("nodes[0].set.orders", "'many' is not a number (e.g. 42 or 3.5)."), (problem.Path, problem.Message));

        update.Set[0].Value = "3.5";
        Assert.Empty(form.LocalProblems());
        Assert.Equal("""{"orders":3.5,"vip":true,"city":null}""", form.ToJson()["nodes"]![0]!["set"]!.ToJsonString());
    }

    [Theory]
    [InlineData("PT1H", 1, DurationUnit.Hours, "PT1H")]
    [InlineData("PT90M", 90, DurationUnit.Minutes, "PT90M")]
    [InlineData("P2W", 14, DurationUnit.Days, "P14D")]
    [InlineData("P1DT12H", 36, DurationUnit.Hours, "PT36H")]
    [InlineData("PT1.5S", 1.5, DurationUnit.Seconds, "PT1.5S")]
    public void A_duration_is_shown_in_the_largest_whole_unit_and_written_back_as_the_same_length(string iso, double amount, DurationUnit unit, string written)
    {
        var duration = DurationForm.FromIso(iso);

        Assert.Equal(((decimal)amount, unit), (duration.Amount, duration.Unit));
        Assert.Equal(written, duration.ToIso());
        Assert.True(WorkflowDurations.TryParse(written, out var length, out _));
        Assert.True(WorkflowDurations.TryParse(iso, out var original, out _));
        Assert.Equal(original, length);
    }

    [Fact]
    public void A_duration_without_an_amount_is_written_empty_for_the_parser_to_refuse()
    {
        Assert.Equal("", new DurationForm(null, DurationUnit.Days).ToIso());
        Assert.Null(DurationForm.FromIso("soon").Amount);
        Assert.Equal("1 day", new DurationForm(1, DurationUnit.Days).Describe());
        Assert.Equal("90 minutes", new DurationForm(90, DurationUnit.Minutes).Describe());
    }

    [Theory]
    [InlineData("nodes[2]", "senderName", "nodes[2].senderName")]
    [InlineData("nodes[4].set", "first name", "nodes[4].set['first name']")]
    [InlineData("nodes[4].set", "it's", "nodes[4].set['it\\'s']")]
    [InlineData("", "name", "name")]
    public void Paths_are_written_as_the_parser_writes_them(string parent, string name, string path)
    {
        Assert.Equal(path, ProblemPath.Prop(parent, name));
    }

    [Theory]
    [InlineData("nodes[12].variables.a.field", 12)]
    [InlineData("nodes[0]", 0)]
    [InlineData("nodes", null)]
    [InlineData("trigger.eventType", null)]
    public void A_path_names_the_node_it_is_under(string path, int? index)
    {
        Assert.Equal(index, ProblemPath.NodeIndexOf(path));
    }
}
