using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansSms.Domain.Workflows;
using static OrleansSms.Domain.Tests.Workflows.WorkflowTestData;

namespace OrleansSms.Domain.Tests.Workflows;

/// <summary>
/// Runs alone: these tests hold tens of MB alive for a moment, which would disturb the
/// process-wide memory measurement of ContactCsvReaderTests if they ran alongside it.
/// </summary>
[CollectionDefinition(nameof(WorkflowRobustnessTests), DisableParallelization = true)]
public class WorkflowRobustnessCollection;

[Collection(nameof(WorkflowRobustnessTests))]
public class WorkflowRobustnessTests
{
    private static readonly JsonNode?[] Replacements =
        [null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(1e300), JsonValue.Create(true), JsonValue.Create(""),
         JsonValue.Create("x y"), JsonValue.Create("wait"), new JsonArray(), new JsonObject()];

    /// <summary>
    /// Every property of the API example removed, or replaced by each kind of JSON value: parsing
    /// and validating never throw, and a definition comes back only when there is no problem.
    /// </summary>
    [Fact]
    public void MutationsOfTheExample_NeverThrow()
    {
        var mutations = 0;
        foreach (var mutated in Mutations(JsonNode.Parse(ApiExample)!))
        {
            mutations++;
            using var document = JsonDocument.Parse(mutated);
            var result = WorkflowParser.ParseAndValidate(document.RootElement, Catalog);
            Assert.Equal(result.Problems.Count == 0, result.Definition is not null);
            Assert.All(result.Problems, p => Assert.False(string.IsNullOrEmpty(p.Path)));
        }
        Assert.True(mutations > 500, $"only {mutations} mutations");
    }

    private static IEnumerable<string> Mutations(JsonNode root)
    {
        foreach (var path in Paths(root, []))
        {
            var removed = root.DeepClone();
            var (parent, key) = Locate(removed, path);
            if (parent is JsonObject o) o.Remove((string)key);
            else ((JsonArray)parent).RemoveAt((int)key);
            yield return removed.ToJsonString();

            foreach (var replacement in Replacements)
            {
                var replaced = root.DeepClone();
                var (p, k) = Locate(replaced, path);
                if (p is JsonObject po) po[(string)k] = replacement?.DeepClone();
                else ((JsonArray)p)[(int)k] = replacement?.DeepClone();
                yield return replaced.ToJsonString();
            }
        }
    }

    private static IEnumerable<object[]> Paths(JsonNode? node, object[] prefix)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    object[] path = [.. prefix, name];
                    yield return path;
                    foreach (var p in Paths(child, path)) yield return p;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    object[] path = [.. prefix, i];
                    yield return path;
                    foreach (var p in Paths(a[i], path)) yield return p;
                }
                break;
        }
    }

    private static (JsonNode Parent, object Key) Locate(JsonNode root, object[] path)
    {
        var node = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            node = path[i] is string name ? node[name]! : node[(int)path[i]]!;
        }
        return (node, path[^1]);
    }

    [Fact]
    public void LongChainAndBigLoop_DoNotOverflow()
    {
        const int n = 20_000;
        var nodes = Enumerable.Range(0, n).Select(i => Update($"n{i}", """{"x":1}""", $"n{(i + 1) % n}")).ToArray();
        var problems = WorkflowValidator.Validate(Parsed(Workflow(EventTriggerJson, "n0", nodes)), Catalog, new WorkflowLimits { MaxNodes = n });
        AssertProblems(problems, ("nodes[0]", "has no wait node"));
        Assert.Equal($"loop 'n0' -> 'n1' -> 'n2' -> ... ({n} nodes) ... -> 'n{n - 2}' -> 'n{n - 1}' -> 'n0' has no wait node: it would repeat without pause",
            problems[0].Message);
    }
}
