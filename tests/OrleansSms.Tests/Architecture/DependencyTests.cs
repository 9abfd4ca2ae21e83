using System.Reflection;
using System.Xml.Linq;

namespace OrleansSms.Tests.Architecture;

/// <summary>
/// Dependencies point one way: Domain (pure) ← Abstractions (Orleans SDK) ← Grains ← Silo, with the
/// Instasent client and the simulator beside them, knowing nothing of Orleans. Checked on the
/// built assemblies' references, so a stray project or package reference fails here.
/// </summary>
public sealed class DependencyTests
{
    /// <summary>What the Microsoft.Orleans.Sdk package gives a project that only declares grain interfaces and wire types.</summary>
    private static readonly string[] OrleansSdk =
        ["Orleans.Core", "Orleans.Core.Abstractions", "Orleans.Serialization", "Orleans.Serialization.Abstractions"];

    private static string[] References(string assembly) =>
        Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal).ToArray();

    private static bool IsOrleans(string name) => name.StartsWith("Orleans.", StringComparison.Ordinal);

    private static bool IsOurs(string name) => name.StartsWith("OrleansSms.", StringComparison.Ordinal);

    private static bool IsAspNetCore(string name) => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal);

    [Fact]
    public void The_Instasent_client_references_no_Orleans_assembly_and_none_of_ours()
    {
        var references = References("OrleansSms.Instasent");

        Assert.DoesNotContain(references, IsOrleans);
        Assert.DoesNotContain(references, IsOurs);

        // Nor does its project: no project reference, no Orleans package.
        var csproj = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "OrleansSms.Instasent", "OrleansSms.Instasent.csproj"));
        Assert.Empty(csproj.Descendants("ProjectReference"));
        Assert.DoesNotContain(csproj.Descendants("PackageReference"), p => ((string?)p.Attribute("Include"))!.Contains("Orleans", StringComparison.Ordinal));
    }

    [Fact]
    public void The_domain_references_neither_Orleans_nor_ASP_NET_Core_nor_any_of_ours()
    {
        var references = References("OrleansSms.Domain");

        Assert.DoesNotContain(references, IsOrleans);
        Assert.DoesNotContain(references, IsAspNetCore);
        Assert.DoesNotContain(references, IsOurs);
    }

    [Fact]
    public void The_abstractions_reference_only_the_Orleans_SDK_and_the_domain()
    {
        var references = References("OrleansSms.Abstractions");

        Assert.All(references.Where(IsOrleans), r => Assert.Contains(r, OrleansSdk));
        Assert.Equal(["OrleansSms.Domain"], references.Where(IsOurs));
        Assert.DoesNotContain(references, IsAspNetCore);
    }

    [Fact]
    public void The_simulator_references_no_Orleans_assembly_and_none_of_ours()
    {
        var references = References("OrleansSms.InstasentSimulator");

        Assert.DoesNotContain(references, IsOrleans);
        Assert.DoesNotContain(references, IsOurs);
    }

    [Fact]
    public void The_grains_know_neither_the_silo_nor_the_simulator()
    {
        var references = References("OrleansSms.Grains");

        Assert.DoesNotContain("OrleansSms.Silo", references);
        Assert.DoesNotContain("OrleansSms.InstasentSimulator", references);
    }

    /// <summary>
    /// The silo references the simulator, and compiles the file that wires it, only when it is not
    /// published: the Docker image's publish leaves both out.
    /// </summary>
    [Fact]
    public void The_silo_bundles_the_simulator_only_in_builds_that_are_not_published()
    {
        var csproj = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "OrleansSms.Silo", "OrleansSms.Silo.csproj"));
        var simulatorReference = Assert.Single(csproj.Descendants("ProjectReference"),
            r => ((string?)r.Attribute("Include"))?.Contains("OrleansSms.InstasentSimulator", StringComparison.Ordinal) == true);
        Assert.Equal("'$(BundleInstasentSimulator)' == 'true'", (string?)simulatorReference.Parent!.Attribute("Condition"));

        var removed = Assert.Single(csproj.Descendants("Compile"), c => c.Attribute("Remove") is not null);
        Assert.Equal(@"Hosting\BundledSimulator.cs", (string?)removed.Attribute("Remove"));
        Assert.Equal("'$(BundleInstasentSimulator)' != 'true'", (string?)removed.Parent!.Attribute("Condition"));

        var bundle = csproj.Descendants("BundleInstasentSimulator").ToList();
        Assert.Contains(bundle, p => p.Value == "false" && ((string?)p.Attribute("Condition"))?.Contains("'$(_IsPublishing)' == 'true'", StringComparison.Ordinal) == true);

        var dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "docker", "Dockerfile.silo"));
        Assert.DoesNotContain("OrleansSms.InstasentSimulator", dockerfile, StringComparison.Ordinal);
        Assert.Equal(2, dockerfile.Split("-p:BundleInstasentSimulator=false").Length - 1);
    }

    /// <summary>The silo these tests run is a development build: the simulator is bundled in it.</summary>
    [Fact]
    public void The_tested_silo_is_a_development_build_with_the_simulator_bundled()
    {
        Assert.Contains("OrleansSms.InstasentSimulator", References("OrleansSms.Silo"));
        Assert.NotNull(Assembly.Load("OrleansSms.Silo").GetType("OrleansSms.Silo.Hosting.BundledSimulator"));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansSms.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("OrleansSms.sln not found above " + AppContext.BaseDirectory);
    }
}
