using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Silo.Console.Workflows;

namespace OrleansSms.Tests.Console;

/// <summary>The layout of the editor's diagram, and how the list of runs words a run.</summary>
public sealed class WorkflowDiagramTests
{
    private static DiagramBox Box(WorkflowDiagram diagram, string title) => Assert.Single(diagram.Boxes, b => b.Kind == DiagramBoxKind.Node && b.Title == title);

    [Fact]
    public void The_seed_is_drawn_top_down_with_the_yes_and_no_branches_of_its_check()
    {
        var form = WorkflowForm.FromJson(WorkflowFormTests.Seed);

        var diagram = WorkflowDiagram.Of(form);

        var (start, confirm, wait, check, alert) = (Assert.Single(diagram.Boxes, b => b.Kind == DiagramBoxKind.Start),
            Box(diagram, "confirm"), Box(diagram, "wait"), Box(diagram, "check"), Box(diagram, "alert"));
        Assert.True(start.Y < confirm.Y && confirm.Y < wait.Y && wait.Y < check.Y && check.Y < alert.Y);
        Assert.Equal(("Send SMS", "SMS Received"), (confirm.Subtitle, check.Subtitle));
        Assert.Equal("order-confirmation to contact", confirm.Detail);

        var yes = Assert.Single(diagram.Edges, e => e.Label == "yes");
        var no = Assert.Single(diagram.Edges, e => e.Label == "no");
        Assert.Equal((check.Key, check.Key), (yes.FromKey, no.FromKey));
        Assert.Equal(alert.Key, no.ToKey);
        var yesEnd = Assert.Single(diagram.Boxes, b => b.Key == yes.ToKey);
        Assert.Equal((DiagramBoxKind.End, "End"), (yesEnd.Kind, yesEnd.Title));
        Assert.True(yesEnd.X < alert.X, "the yes branch is drawn left of the no branch");
        Assert.Equal(alert.Y + ((alert.Height - yesEnd.Height) / 2), yesEnd.Y);

        // Start → confirm → wait → check, check's two branches, alert → End.
        Assert.Equal(6, diagram.Edges.Count);
        Assert.Equal(2, diagram.Boxes.Count(b => b.Kind == DiagramBoxKind.End));
        Assert.All(diagram.Boxes, b => Assert.True(b.X >= 0 && b.X + b.Width <= diagram.Width && b.Y + b.Height <= diagram.Height));
        Assert.Equal(
            "Starts at 'confirm'. 'confirm' (Send SMS: order-confirmation to contact) leads to 'wait'. 'wait' (Wait: 1 hour) leads to 'check'. " +
            "'check' (SMS Received: order-confirmation >= 1, last 1 day): yes leads to the end of the run; no leads to 'alert'. " +
            "'alert' (Send SMS: ops-alert to alert +34600999000) leads to the end of the run.",
            diagram.Description);
    }

    [Fact]
    public void A_loop_back_up_goes_round_the_right_side_and_widens_the_diagram()
    {
        var form = WorkflowForm.FromJson(WorkflowFormTests.Seed);
        ((SmsReceivedForm)form.Nodes[2]).NoKey = form.Nodes[1].Key;
        var straight = WorkflowDiagram.Of(WorkflowForm.FromJson(WorkflowFormTests.Seed));

        var diagram = WorkflowDiagram.Of(form);

        var loop = Assert.Single(diagram.Edges, e => e.Label == "no");
        Assert.Equal(form.Nodes[1].Key, loop.ToKey);
        var wait = Box(diagram, "wait");
        Assert.True(loop.LabelX > wait.X + wait.Width, "the loop's label is right of the boxes");
        Assert.True(diagram.Width > Box(diagram, "check").X + WorkflowDiagram.NodeWidth + WorkflowDiagram.LoopGap);
        var check = Box(diagram, "check");
        Assert.StartsWith(FormattableString.Invariant($"M {check.X + check.Width:0.#} "), loop.Path);
        Assert.Equal(straight.Edges.Count, diagram.Edges.Count);
    }

    [Fact]
    public void Nodes_the_start_does_not_reach_are_drawn_below_and_an_empty_workflow_is_said_so()
    {
        var form = WorkflowForm.FromJson(WorkflowFormTests.Seed);
        ((SmsReceivedForm)form.Nodes[2]).NoKey = "";

        var diagram = WorkflowDiagram.Of(form);

        Assert.True(Box(diagram, "alert").Y > diagram.Boxes.Where(b => b.Key != form.Nodes[3].Key && !b.Key.StartsWith(form.Nodes[3].Key, StringComparison.Ordinal)).Max(b => b.Y));
        var empty = WorkflowDiagram.Of(WorkflowForm.New("Nothing"));
        Assert.Empty(empty.Boxes);
        Assert.Equal("The workflow has no nodes yet.", empty.Description);
    }

    [Fact]
    public void Long_ids_are_cut_in_the_box_and_given_whole_in_its_title()
    {
        var form = WorkflowForm.New("Long");
        var node = form.Add(NodeType.Wait);
        node.Id = new string('w', 40);

        var box = Box(WorkflowDiagram.Of(form), new string('w', WorkflowDiagram.TitleCharacters - 1) + "…");

        Assert.StartsWith(new string('w', 40) + " (Wait)", box.FullText);
    }

    [Fact]
    public void A_run_in_the_list_says_its_contact_and_steps_or_its_newsletter_counters()
    {
        var started = DateTimeOffset.Parse("2026-05-01T10:00:00Z");
        var contact = new RunListItem(new RunEntry
        {
            RunId = "r1", Kind = RunKind.Contact, Status = RunListStatus.Waiting, ContactId = "ana", Steps = 2,
            StartedAt = started, WaitingUntil = started.AddHours(1),
        }, null);
        var newsletter = new RunListItem(new RunEntry { RunId = "r2", Kind = RunKind.Newsletter, Status = RunListStatus.Running, StartedAt = started },
            new NewsletterView
            {
                RunId = "r2", WorkflowId = "weekly", Counters = new NewsletterCounters { Contacts = 1200, Sent = 1000, NotSubscribed = 150, Bounced = 40, Failed = 1, Queued = 9 },
            });

        Assert.Equal("contact ana · 2 steps · waiting until 2026-05-01 11:00:00Z", RunSummary.Counters(contact));
        Assert.Equal("1,200 contacts · 1,000 sent · 190 skipped · 1 failed · 9 queued", RunSummary.Counters(newsletter));
        Assert.Equal(("waiting", "Newsletter"), (RunSummary.Status(contact.Run.Status), RunSummary.Kind(newsletter.Run.Kind)));
    }
}
