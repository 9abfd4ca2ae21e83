using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary>
/// The workflow grain starts runs and finds them: a look-up goes to the one grain that holds the
/// run, and a look-up of a run that does not exist leaves no activation behind.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RunLookupTests(ClusterFixture cluster)
{
    private async Task<int> ActivationsAsync(string grainClass) =>
        (await cluster.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.EndsWith("." + grainClass, StringComparison.Ordinal) || s.GrainType.Contains("." + grainClass + ",", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);

    private async Task<(string Store, IWorkflowGrain Workflow)> SavedAsync(string trigger)
    {
        var store = Ids.Store();
        await cluster.Grains.GetGrain<IStoreChannelGrain>(store).ConfigureAsync(new StoreChannelSettings { ApiToken = "token-" + store });
        await cluster.Grains.GetSmsContent(store, "hi").SaveAsync("Hi", "Hola");
        var workflow = cluster.Grains.GetWorkflow(store, "w" + Ids.Contact()[..8]);
        var saved = await workflow.SaveAsync($$"""
            {"name":"W","trigger":{{trigger}},"start":"u","nodes":[{"id":"u","type":"updateContact","set":{"city":"Madrid"},"next":null}]}
            """);
        Assert.True(saved.Saved is not null, string.Join("; ", saved.Problems.Select(p => $"{p.Path}: {p.Message}")));
        return (store, workflow);
    }

    [Fact]
    public async Task A_run_that_does_not_exist_is_none_and_leaves_no_activation()
    {
        var (_, workflow) = await SavedAsync("""{"type":"manual"}""");
        var newsletters = await ActivationsAsync("NewsletterRunGrain");
        var runs = await ActivationsAsync("WorkflowRunGrain");

        var found = await workflow.GetRunAsync("no-such-run");

        Assert.Null(found.Run);
        Assert.Null(found.Newsletter);
        Assert.True(await ActivationsAsync("NewsletterRunGrain") <= newsletters, "a newsletter run grain was woken for a look-up");
        await SendingSiloFixture.EventuallyAsync(
            () => ActivationsAsync("WorkflowRunGrain"), count => count <= runs, "the empty run grain to go");
    }

    [Fact]
    public async Task A_newsletter_run_is_found_without_waking_a_one_contact_run()
    {
        var (_, workflow) = await SavedAsync("""{"type":"newsletter"}""");
        var started = await workflow.StartRunAsync(contactId: null, runId: "nl-" + Ids.Contact()[..8]);
        Assert.Equal(RunStartRefusal.None, started.Refusal);
        var runs = await ActivationsAsync("WorkflowRunGrain");

        var found = await workflow.GetRunAsync(started.RunId!);

        Assert.Equal(started.RunId, found.Newsletter?.RunId);
        Assert.Null(found.Run);
        Assert.True(await ActivationsAsync("WorkflowRunGrain") <= runs, "a one-contact run grain was woken to find a newsletter");
    }

    [Fact]
    public async Task A_one_contact_run_is_found_and_an_event_workflow_asks_for_a_contact()
    {
        var (_, workflow) = await SavedAsync("""{"type":"event","eventType":"purchase"}""");
        Assert.Equal(RunStartRefusal.ContactRequired, (await workflow.StartRunAsync(null, null)).Refusal);

        var started = await workflow.StartRunAsync(Ids.Contact(), null);
        var found = await SendingSiloFixture.EventuallyAsync(
            () => workflow.GetRunAsync(started.RunId!), f => f.Run?.Status == RunStatus.Completed, "the run to complete");

        Assert.Null(found.Newsletter);
        Assert.Equal(StepOutcome.Updated, Assert.Single(found.Run!.Path).Outcome);
        Assert.Equal(NodeType.UpdateContact, found.Run.Path[0].NodeType);
    }

    [Fact]
    public async Task A_definition_with_problems_is_refused_and_saves_no_version()
    {
        var workflow = cluster.Grains.GetWorkflow(Ids.Store(), "w" + Ids.Contact()[..8]);
        var result = await workflow.SaveAsync("""{"name":"W","trigger":{"type":"manual"},"start":"s","nodes":[{"id":"s","type":"sendSms","smsId":"missing","recipient":{"type":"contact"},"kind":"transactional","senderName":"TooLongSender","next":null}]}""");

        Assert.Null(result.Saved);
        Assert.Contains(result.Problems, p => p.Path == "nodes[0].smsId");
        Assert.Contains(result.Problems, p => p.Path == "nodes[0].senderName");
        Assert.Null(await workflow.GetAsync());
    }
}
