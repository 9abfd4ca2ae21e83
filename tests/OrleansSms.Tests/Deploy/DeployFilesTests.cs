using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;
using Npgsql;
using OrleansSms.Grains.Sending;
using OrleansSms.Instasent;
using OrleansSms.InstasentSimulator;
using OrleansSms.Silo.Security;
using OrleansSms.Silo.Storage;
using YamlDotNet.RepresentationModel;

namespace OrleansSms.Tests.Deploy;

/// <summary>
/// deploy/ cannot run here (no Docker engine, no Kubernetes): these tests keep its files consistent
/// with the code instead. Every environment key they set is one the silo or the simulator reads,
/// every silo gets a connection string and an API key, ports agree with the listen addresses,
/// probes hit the health endpoints, the PodDisruptionBudget covers the silo pods, the Dockerfiles
/// start dlls the projects build, and deploy/local/cluster.sh parses.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Root = FindRoot();
    private static readonly string DeployDir = Path.Combine(Root, "deploy");

    // ------------------------------------------------------------------ docker-compose.yml

    [Fact]
    public void Compose_sets_only_keys_the_code_reads()
    {
        var compose = Compose.Load();
        var problems = new List<string>();
        foreach (var service in compose.AppServices)
        {
            foreach (var key in service.Environment.Keys)
            {
                if (ConfigurationKeys.Check(key) is { } problem)
                {
                    problems.Add($"{service.Name}: {problem}");
                }
            }
        }

        Assert.NotEmpty(compose.AppServices);
        Assert.Empty(problems);
    }

    [Fact]
    public void Compose_has_three_silos_each_with_a_connection_string_and_an_api_key()
    {
        var compose = Compose.Load();
        Assert.True(compose.Silos.Count >= 3, $"docker-compose.yml has {compose.Silos.Count} silo service(s), not three.");
        foreach (var silo in compose.Silos)
        {
            var env = silo.Environment;
            var connection = Required(env, "ConnectionStrings__OrleansSms", silo.Name);
            var builder = new NpgsqlConnectionStringBuilder(Compose.Interpolate(connection));
            Assert.False(string.IsNullOrEmpty(builder.Host), $"{silo.Name}: the connection string names no host.");
            Assert.Contains(builder.Host, compose.Services.Keys);
            Assert.False(string.IsNullOrEmpty(builder.Database), $"{silo.Name}: the connection string names no database.");

            var key = Compose.Interpolate(Required(env, "Api__Keys__0__Key", silo.Name));
            Assert.True(key.Length >= 8, $"{silo.Name}: Api__Keys__0__Key must be at least 8 characters (ApiKeyOptionsValidator).");

            if (env.TryGetValue("Storage__Provider", out var provider))
            {
                Assert.Equal("postgres", provider, ignoreCase: true);
            }
        }

        // One cluster: the same cluster id, service id, database and key on every silo.
        foreach (var key in new[] { "Orleans__ClusterId", "Orleans__ServiceId", "ConnectionStrings__OrleansSms", "Api__Keys__0__Key" })
        {
            Assert.Single(compose.Silos.Select(s => s.Environment.GetValueOrDefault(key)).Distinct());
        }
    }

    [Fact]
    public void Compose_ports_agree_with_the_listen_addresses()
    {
        var compose = Compose.Load();
        var hostPorts = new List<int>();
        foreach (var service in compose.Services.Values)
        {
            hostPorts.AddRange(service.Ports.Select(p => p.Host));
        }

        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count());

        foreach (var silo in compose.Silos)
        {
            var env = silo.Environment;
            var http = UrlPort(Required(env, "ASPNETCORE_URLS", silo.Name));
            Assert.Contains(http, silo.Ports.Select(p => p.Container));
            Assert.Contains(IntValue(env, "Orleans__SiloPort", 11111), silo.ContainerPorts);
            Assert.Contains(IntValue(env, "Orleans__GatewayPort", 30000), silo.ContainerPorts);
            Assert.DoesNotContain("127.0.0.1", Required(env, "ASPNETCORE_URLS", silo.Name), StringComparison.Ordinal);

            // Callbacks come back to a silo's HTTP port, over the compose network.
            var publicUrl = new Uri(Required(env, "PublicBaseUrl", silo.Name));
            var target = compose.Silos.SingleOrDefault(s => s.Name == publicUrl.Host || s.Hostname == publicUrl.Host);
            Assert.True(target is not null, $"{silo.Name}: PublicBaseUrl {publicUrl} is not a silo of the compose file.");
            Assert.Equal(UrlPort(Required(target.Environment, "ASPNETCORE_URLS", target.Name)), publicUrl.Port);

            // Instasent is the simulator service, at the port it listens on.
            var instasent = new Uri(Required(env, "Instasent__BaseUrl", silo.Name));
            Assert.True(compose.Services.TryGetValue(instasent.Host, out var simulator),
                $"{silo.Name}: Instasent__BaseUrl {instasent} is not a service of the compose file.");
            Assert.Equal(SimulatorListenPort(simulator.Environment), instasent.Port);
            Assert.Contains(instasent.Host, silo.DependsOn.Keys);
        }

        foreach (var simulator in compose.Simulators)
        {
            var port = SimulatorListenPort(simulator.Environment);
            Assert.Contains(port, simulator.ContainerPorts);
        }
    }

    [Fact]
    public void Compose_starts_silos_once_postgres_is_healthy()
    {
        var compose = Compose.Load();
        var postgres = Assert.Single(compose.Services.Values, s => s.Image?.StartsWith("postgres", StringComparison.Ordinal) == true);
        Assert.NotNull(postgres.Healthcheck);
        foreach (var silo in compose.Silos)
        {
            Assert.True(silo.DependsOn.TryGetValue(postgres.Name, out var condition), $"{silo.Name} does not depend on {postgres.Name}.");
            Assert.Equal("service_healthy", condition);
        }
    }

    [Fact]
    public void Compose_builds_from_dockerfiles_that_exist()
    {
        var compose = Compose.Load();
        foreach (var service in compose.AppServices)
        {
            Assert.NotNull(service.Dockerfile);
            Assert.True(File.Exists(service.Dockerfile), $"{service.Name}: {service.Dockerfile} does not exist.");
        }
    }

    // ------------------------------------------------------------------ Dockerfiles

    [Theory]
    [InlineData("Dockerfile.silo", "OrleansSms.Silo")]
    [InlineData("Dockerfile.simulator", "OrleansSms.InstasentSimulator")]
    public void Dockerfile_publishes_the_project_whose_dll_it_starts(string file, string project)
    {
        var dockerfile = Dockerfile.Load(file);

        // ENTRYPOINT ["dotnet", "X.dll"] and X is the assembly of the project the build stage publishes.
        var entry = dockerfile.Entrypoint;
        Assert.Equal(new[] { "dotnet", $"{project}.dll" }, entry);
        var published = Assert.Single(dockerfile.Published);
        Assert.Equal($"src/{project}/{project}.csproj", published);
        var csproj = Path.Combine(Root, published);
        Assert.True(File.Exists(csproj), $"{csproj} does not exist.");
        Assert.Equal(project + ".dll", AssemblyFileName(csproj));
        Assert.True(IsExecutable(csproj), $"{published} does not build an executable.");

        // Images of the framework the projects target, and a non-root user at run time.
        var framework = XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var version = framework.Replace("net", "", StringComparison.Ordinal);
        Assert.Equal(new[] { $"mcr.microsoft.com/dotnet/sdk:{version}", $"mcr.microsoft.com/dotnet/aspnet:{version}" }, dockerfile.Images);
        Assert.NotNull(dockerfile.User);
        Assert.NotEqual("root", dockerfile.User);
        Assert.NotEqual("0", dockerfile.User);

        // Everything the build copies from the context exists.
        foreach (var source in dockerfile.CopySources)
        {
            var path = Path.Combine(Root, source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{file}: COPY {source} names nothing in the repository.");
        }

        foreach (var key in dockerfile.Environment.Keys)
        {
            Assert.Null(ConfigurationKeys.Check(key));
        }
    }

    [Fact]
    public void Silo_dockerfile_exposes_the_ports_it_listens_on()
    {
        var dockerfile = Dockerfile.Load("Dockerfile.silo");
        var env = dockerfile.Environment;
        Assert.Contains(UrlPort(Required(env, "ASPNETCORE_URLS", "Dockerfile.silo")), dockerfile.Exposed);
        Assert.Contains(IntValue(env, "Orleans__SiloPort", 11111), dockerfile.Exposed);
        Assert.Contains(IntValue(env, "Orleans__GatewayPort", 30000), dockerfile.Exposed);
        Assert.DoesNotContain("127.0.0.1", env["ASPNETCORE_URLS"], StringComparison.Ordinal);
    }

    [Fact]
    public void Simulator_dockerfile_exposes_the_port_it_listens_on()
    {
        var dockerfile = Dockerfile.Load("Dockerfile.simulator");
        var url = Required(dockerfile.Environment, "Simulator__Url", "Dockerfile.simulator");
        Assert.DoesNotContain("127.0.0.1", url, StringComparison.Ordinal);
        Assert.Contains(UrlPort(url), dockerfile.Exposed);
    }

    // ------------------------------------------------------------------ Kubernetes

    [Fact]
    public void Kubernetes_silos_set_only_keys_the_code_reads_and_get_secrets()
    {
        var k8s = Kubernetes.Load();
        var container = k8s.SiloContainer;
        var env = k8s.SiloEnvironment();
        var problems = env.Keys.Select(ConfigurationKeys.Check).OfType<string>().ToList();
        Assert.Empty(problems);

        foreach (var secretKey in new[] { "ConnectionStrings__OrleansSms", "Api__Keys__0__Key" })
        {
            var variable = Assert.Single(Seq(container, "env"), e => Str(e, "name") == secretKey);
            var reference = Node(variable, "valueFrom", "secretKeyRef");
            Assert.True(reference is not null, $"{secretKey} should come from a Secret.");
            var secret = k8s.Single("Secret", Str(reference, "name")!);
            var data = (Node(secret, "stringData") ?? Node(secret, "data")) as YamlMappingNode;
            Assert.NotNull(data);
            Assert.Contains(Str(reference, "key"), data.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        }

        // $(VAR) in a value only expands when VAR is defined earlier in the list.
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Seq(container, "env"))
        {
            foreach (Match match in VariableReference().Matches(Str(item, "value") ?? ""))
            {
                Assert.True(defined.Contains(match.Groups[1].Value), $"{Str(item, "name")} uses $({match.Groups[1].Value}) before it is defined.");
            }

            defined.Add(Str(item, "name")!);
        }
    }

    [Fact]
    public void Kubernetes_silos_follow_the_orleans_hosting_conventions()
    {
        var k8s = Kubernetes.Load();
        var labels = k8s.TemplateLabels;
        Assert.True(labels.ContainsKey("orleans/serviceId"), "pod label orleans/serviceId");
        Assert.True(labels.ContainsKey("orleans/clusterId"), "pod label orleans/clusterId");

        var env = Seq(k8s.SiloContainer, "env").ToDictionary(e => Str(e, "name")!, e => e);
        Assert.Equal("metadata.name", FieldRef(env, "POD_NAME"));
        Assert.Equal("metadata.namespace", FieldRef(env, "POD_NAMESPACE"));
        Assert.Equal("status.podIP", FieldRef(env, "POD_IP"));
        Assert.Equal("metadata.labels['orleans/serviceId']", FieldRef(env, "ORLEANS_SERVICE_ID"));
        Assert.Equal("metadata.labels['orleans/clusterId']", FieldRef(env, "ORLEANS_CLUSTER_ID"));

        // The silo's own settings say the same as the labels.
        Assert.Equal("$(ORLEANS_SERVICE_ID)", Str(env["Orleans__ServiceId"], "value"));
        Assert.Equal("$(ORLEANS_CLUSTER_ID)", Str(env["Orleans__ClusterId"], "value"));
        Assert.Equal("$(POD_IP)", Str(env["Orleans__AdvertisedAddress"], "value"));

        // RBAC as the Kubernetes hosting package needs it, bound to the account the pods run as.
        var account = Str(k8s.Deployment, "spec", "template", "spec", "serviceAccountName");
        Assert.NotNull(account);
        k8s.Single("ServiceAccount", account);
        var binding = Assert.Single(k8s.OfKind("RoleBinding"));
        Assert.Contains(Seq(binding, "subjects"), s => Str(s, "kind") == "ServiceAccount" && Str(s, "name") == account);
        Assert.Equal("Role", Str(binding, "roleRef", "kind"));
        var role = k8s.Single("Role", Str(binding, "roleRef", "name")!);
        var podRule = Assert.Single(Seq(role, "rules"), r => Strings(r, "resources").Contains("pods"));
        Assert.Contains("", Strings(podRule, "apiGroups"));
        foreach (var verb in new[] { "get", "list", "watch", "delete", "patch" })
        {
            Assert.Contains(verb, Strings(podRule, "verbs"));
        }
    }

    [Fact]
    public void Kubernetes_ports_and_probes_agree_with_the_silo()
    {
        var k8s = Kubernetes.Load();
        var container = k8s.SiloContainer;
        var env = k8s.SiloEnvironment();
        var ports = Seq(container, "ports").ToDictionary(p => Str(p, "name")!, p => int.Parse(Str(p, "containerPort")!));

        Assert.Equal(8080, ports["http"]);
        Assert.Equal(UrlPort(env["ASPNETCORE_URLS"]), ports["http"]);
        Assert.Equal(int.Parse(env["Orleans__SiloPort"]), ports["silo"]);
        Assert.Equal(int.Parse(env["Orleans__GatewayPort"]), ports["gateway"]);
        Assert.Equal(11111, ports["silo"]);
        Assert.Equal(30000, ports["gateway"]);

        Assert.Equal("/health/ready", Str(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", Str(container, "livenessProbe", "httpGet", "path"));
        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            if (Node(container, probe) is null)
            {
                continue;
            }

            Assert.Equal(ports["http"], ResolvePort(Str(container, probe, "httpGet", "port")!, ports));
        }

        foreach (var path in new[] { "/health/ready", "/health/live" })
        {
            Assert.True(SiloSourceMentions($"\"{path}\""), $"the silo maps no {path}");
        }

        // The HTTP Service reaches the silo pods on the http port.
        var service = Assert.Single(k8s.OfKind("Service"));
        AssertSelects(Labels(Node(service, "spec", "selector")), k8s.TemplateLabels, "Service");
        foreach (var port in Seq(service, "spec", "ports"))
        {
            Assert.Equal(ports["http"], ResolvePort(Str(port, "targetPort")!, ports));
        }
    }

    [Fact]
    public void Kubernetes_disruption_budget_covers_the_silo_pods()
    {
        var k8s = Kubernetes.Load();
        var pdb = Assert.Single(k8s.OfKind("PodDisruptionBudget"));
        var selector = Labels(Node(pdb, "spec", "selector", "matchLabels"));
        Assert.Equal(Labels(Node(k8s.Deployment, "spec", "selector", "matchLabels")), selector);
        AssertSelects(selector, k8s.TemplateLabels, "PodDisruptionBudget");
        var budget = Str(pdb, "spec", "maxUnavailable") ?? Str(pdb, "spec", "minAvailable");
        Assert.NotNull(budget);
        if (Str(pdb, "spec", "maxUnavailable") is { } max)
        {
            Assert.Equal("1", max);
        }

        var replicas = int.Parse(Str(k8s.Deployment, "spec", "replicas") ?? "1");
        Assert.True(replicas >= 3, "three silos, so that one can go while a majority stays");
    }

    [Fact]
    public void Kubernetes_manifests_share_one_namespace_and_kustomization_lists_them_all()
    {
        var k8s = Kubernetes.Load();
        var ns = Assert.Single(k8s.OfKind("Namespace"));
        var name = Str(ns, "metadata", "name");
        foreach (var document in k8s.Documents.Where(d => Str(d, "kind") is not ("Namespace" or "Kustomization")))
        {
            Assert.Equal(name, Str(document, "metadata", "namespace"));
        }

        var kustomization = Path.Combine(DeployDir, "k8s", "kustomization.yaml");
        if (File.Exists(kustomization))
        {
            var listed = Strings(LoadYaml(kustomization).Single(), "resources").Order().ToArray();
            var files = Directory.GetFiles(Path.Combine(DeployDir, "k8s"), "*.yaml")
                .Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order().ToArray();
            Assert.Equal(files, listed);
        }
    }

    // ------------------------------------------------------------------ deploy/local

    [Fact]
    public void Cluster_script_parses_and_sets_only_keys_the_code_reads()
    {
        var script = Path.Combine(DeployDir, "local", "cluster.sh");
        Assert.True(File.Exists(script));

        var bash = new ProcessStartInfo("bash", ["-n", script]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using (var process = Process.Start(bash)!)
        {
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"bash -n cluster.sh: {errors}");
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute), "cluster.sh is not executable");
        }

        var text = File.ReadAllText(script);
        Assert.StartsWith("#!/usr/bin/env bash", text, StringComparison.Ordinal);
        Assert.Contains("set -euo pipefail", text, StringComparison.Ordinal);
        var keys = ScriptEnvironmentKey().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("ConnectionStrings__OrleansSms", keys);
        Assert.Contains("Api__Keys__0__Key", keys);
        Assert.Contains("Orleans__AdvertisedAddress", keys);
        Assert.Contains("Instasent__BaseUrl", keys);
        Assert.Empty(keys.Select(ConfigurationKeys.Check).OfType<string>());
        Assert.Contains("OrleansSms.Silo.dll", text, StringComparison.Ordinal);
        Assert.Contains("OrleansSms.InstasentSimulator.dll", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(DeployDir, "local", ".gitignore")), "deploy/local/run/ must be ignored");
    }

    // ------------------------------------------------------------------ the keys the code reads

    /// <summary>
    /// The configuration keys the silo and the simulator read (README "Configuration"), taken from
    /// the option classes where they bind a section, plus the platform variables the deploy files
    /// may set. A key outside these is a typo or a setting nothing reads.
    /// </summary>
    private static class ConfigurationKeys
    {
        private static readonly HashSet<string> Exact = BuildExact();

        private static readonly Regex[] Patterns =
        [
            new(@"^Api:Keys:\d+:(" + string.Join('|', SettableProperties(typeof(ApiKey))) + ")$", RegexOptions.IgnoreCase),
            new(@"^Simulator:(Tokens|Outcomes):[^:]+$", RegexOptions.IgnoreCase),
            new(@"^Logging:LogLevel:[^:]+$", RegexOptions.IgnoreCase),
        ];

        /// <summary>Variables read by the platform rather than by our option classes.</summary>
        private static readonly HashSet<string> Platform = new(StringComparer.Ordinal)
        {
            "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
            // Microsoft.Orleans.Hosting.Kubernetes
            "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID",
        };

        /// <summary>Null when <paramref name="environmentKey"/> is read by the code, else why not.</summary>
        public static string? Check(string environmentKey)
        {
            if (Platform.Contains(environmentKey) || environmentKey.StartsWith("OTEL_", StringComparison.Ordinal))
            {
                return null;
            }

            if (!environmentKey.Contains("__", StringComparison.Ordinal) && environmentKey != "PublicBaseUrl")
            {
                return $"'{environmentKey}' is neither a configuration key (Section__Key) nor a known platform variable";
            }

            var path = environmentKey.Replace("__", ":", StringComparison.Ordinal);
            return Exact.Contains(path) || Patterns.Any(p => p.IsMatch(path))
                ? null
                : $"'{environmentKey}' is not a key the silo or the simulator reads";
        }

        private static HashSet<string> BuildExact()
        {
            var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "ConnectionStrings:" + StorageSettings.ConnectionStringName,
                StorageSettings.ProviderKey,
                StorageSettings.SqlitePathKey,
                StorageSettings.PostgresPoolSizeKey,
                OrleansSms.Silo.Hosting.OrleansSmsHosting.AllowBundledSimulatorKey,
                "PublicBaseUrl",
                // What SimulatorOptions.FromConfiguration reads (its names differ from its properties).
                "Simulator:Url", "Simulator:DeliveryDelayMs", "Simulator:DuplicateReportRate", "Simulator:MaxCallbackAttempts",
                "Simulator:CallbackRetryBaseDelayMs", "Simulator:CallbackRetryMaxDelayMs", "Simulator:CallbackTimeoutMs",
                "Simulator:CallbackConcurrency", "Simulator:AcceptUnregisteredTokens", "Simulator:TimeoutFaultHoldMs",
                "Simulator:LogLevel",
            };

            // ClusterSettings.FromConfiguration reads Orleans:{property} for each of its properties.
            keys.UnionWith(SettableProperties(typeof(ClusterSettings)).Select(p => "Orleans:" + p));
            keys.UnionWith(SettableProperties(typeof(InstasentOptions)).Select(p => $"{InstasentOptions.Section}:{p}"));
            keys.UnionWith(SettableProperties(typeof(ConnectorOptions)).Select(p => $"{ConnectorOptions.Section}:{p}"));
            keys.UnionWith(SettableProperties(typeof(OrleansSms.Grains.DurabilityOptions)).Select(p => $"{OrleansSms.Grains.DurabilityOptions.Section}:{p}"));
            keys.UnionWith(SettableProperties(typeof(OrleansSms.Silo.Admission.AdmissionOptions)).Select(p => $"{OrleansSms.Silo.Admission.AdmissionOptions.Section}:{p}"));
            keys.UnionWith(SettableProperties(typeof(OrleansSms.Grains.Webhooks.WebhookOptions)).Select(p => $"{OrleansSms.Grains.Webhooks.WebhookOptions.Section}:{p}"));
            keys.UnionWith(SettableProperties(typeof(OrleansSms.Grains.Reports.ReportOptions)).Select(p => $"{OrleansSms.Grains.Reports.ReportOptions.Section}:{p}"));

            // Membership and reminder tuning the silo binds from ClusterTuning:Membership / :Reminders.
            keys.UnionWith(SettableProperties(typeof(Orleans.Configuration.ClusterMembershipOptions)).Select(p => "ClusterTuning:Membership:" + p));
            keys.UnionWith(SettableProperties(typeof(Orleans.Hosting.ReminderOptions)).Select(p => "ClusterTuning:Reminders:" + p));
            return keys;
        }

        private static IEnumerable<string> SettableProperties(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);
    }

    [Fact]
    public void Known_keys_come_from_the_code()
    {
        // Guards the list above: the option classes it reflects over still have the members the
        // README's configuration table names.
        Assert.Null(ConfigurationKeys.Check("Orleans__SiloPort"));
        Assert.Null(ConfigurationKeys.Check("Orleans__GatewayPort"));
        Assert.Null(ConfigurationKeys.Check("Orleans__ClusterId"));
        Assert.Null(ConfigurationKeys.Check("Orleans__AdvertisedAddress"));
        Assert.Null(ConfigurationKeys.Check("Instasent__BaseUrl"));
        Assert.Null(ConfigurationKeys.Check("Instasent__SimulatorUrl"));
        Assert.Null(ConfigurationKeys.Check("Api__Keys__3__StoreId"));
        Assert.Null(ConfigurationKeys.Check("Storage__SqlitePath"));
        Assert.Null(ConfigurationKeys.Check("Connector__MaxBatchesInFlight"));
        Assert.Null(ConfigurationKeys.Check("ClusterTuning__Membership__ProbeTimeout"));
        Assert.Null(ConfigurationKeys.Check("Durability__ResendInterval"));
        Assert.Null(ConfigurationKeys.Check("Admission__PermitLimit"));
        Assert.Null(ConfigurationKeys.Check("Webhooks__QueueLimit"));
        Assert.Null(ConfigurationKeys.Check("Reports__DedupeWindow"));
        Assert.NotNull(ConfigurationKeys.Check("Orleans__SilloPort"));
        Assert.NotNull(ConfigurationKeys.Check("Api__Keys__0__Secret"));
        Assert.NotNull(ConfigurationKeys.Check("ConnectionStrings__Default"));
        Assert.NotNull(ConfigurationKeys.Check("INSTASENT_URL"));

        // The simulator really reads the keys listed for it.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Url"] = "http://0.0.0.0:5999",
            ["Simulator:AcceptUnregisteredTokens"] = "true",
        }).Build();
        var options = SimulatorOptions.FromConfiguration(configuration);
        Assert.Equal("http://0.0.0.0:5999", options.Url);
        Assert.True(options.AcceptUnregisteredTokens);

        // And the cluster settings read theirs.
        var cluster = ClusterSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = "11112",
            ["Orleans:GatewayPort"] = "30002",
            ["Orleans:ClusterId"] = "c",
            ["Orleans:ServiceId"] = "s",
            ["Orleans:AdvertisedAddress"] = "10.1.2.3",
        }).Build());
        Assert.Equal(new ClusterSettings
        {
            SiloPort = 11112, GatewayPort = 30002, ClusterId = "c", ServiceId = "s", AdvertisedAddress = System.Net.IPAddress.Parse("10.1.2.3"),
        }, cluster);
    }

    // ------------------------------------------------------------------ compose model

    private sealed record ComposeService(string Name, YamlMappingNode Yaml, string ComposeDirectory)
    {
        public string? Image => Str(Yaml, "image");

        public string? Hostname => Str(Yaml, "hostname");

        public YamlNode? Healthcheck => Node(Yaml, "healthcheck");

        public string? Dockerfile => Node(Yaml, "build") is { } build
            ? Path.GetFullPath(Path.Combine(ComposeDirectory, Str(build, "context") ?? ".", Str(build, "dockerfile") ?? "Dockerfile"))
            : null;

        public Dictionary<string, string> Environment => EnvironmentOf(Node(Yaml, "environment"));

        public IReadOnlyList<(int Host, int Container)> Ports => Seq(Yaml, "ports").Select(ParsePort).ToList();

        public IReadOnlyList<int> ContainerPorts =>
            Ports.Select(p => p.Container).Concat(Seq(Yaml, "expose").Select(e => int.Parse(((YamlScalarNode)e).Value!))).ToList();

        /// <summary>depends_on: service → condition (service_started for the short form).</summary>
        public Dictionary<string, string> DependsOn => Node(Yaml, "depends_on") switch
        {
            YamlSequenceNode list => list.Children.ToDictionary(c => ((YamlScalarNode)c).Value!, _ => "service_started"),
            YamlMappingNode map => map.Children.ToDictionary(
                c => ((YamlScalarNode)c.Key).Value!, c => Str(c.Value, "condition") ?? "service_started"),
            _ => [],
        };

        private static (int, int) ParsePort(YamlNode node)
        {
            if (node is YamlMappingNode map)
            {
                return (int.Parse(Str(map, "published")!), int.Parse(Str(map, "target")!));
            }

            var parts = ((YamlScalarNode)node).Value!.Split('/')[0].Split(':');
            Assert.True(parts.Length >= 2, $"port '{((YamlScalarNode)node).Value}' publishes no host port");
            return (int.Parse(parts[^2]), int.Parse(parts[^1]));
        }
    }

    private sealed class Compose
    {
        public required Dictionary<string, ComposeService> Services { get; init; }

        public IReadOnlyList<ComposeService> Silos => Services.Values
            .Where(s => s.Dockerfile?.EndsWith("Dockerfile.silo", StringComparison.Ordinal) == true).ToList();

        public IReadOnlyList<ComposeService> Simulators => Services.Values
            .Where(s => s.Dockerfile?.EndsWith("Dockerfile.simulator", StringComparison.Ordinal) == true).ToList();

        /// <summary>The services built from this repository (the silos and the simulator).</summary>
        public IReadOnlyList<ComposeService> AppServices => Silos.Concat(Simulators).ToList();

        public static Compose Load()
        {
            var path = Path.Combine(DeployDir, "docker-compose.yml");
            var root = LoadYaml(path).Single();
            var services = (YamlMappingNode)Node(root, "services")!;
            return new Compose
            {
                Services = services.Children.ToDictionary(
                    c => ((YamlScalarNode)c.Key).Value!,
                    c => new ComposeService(((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value, DeployDir)),
            };
        }

        /// <summary>Compose's interpolation with its defaults: ${VAR:-default}, ${VAR-default}; ${VAR:?error} as "required".</summary>
        public static string Interpolate(string value) => ComposeVariable().Replace(value, m => m.Groups[2].Value.EndsWith('?') ? "required-value" : m.Groups[3].Value)
            .Replace("$$", "$", StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ Dockerfile model

    private sealed class Dockerfile
    {
        public List<string> Images { get; } = [];

        public List<string> Entrypoint { get; private set; } = [];

        public List<string> Published { get; } = [];

        public List<string> CopySources { get; } = [];

        public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

        public List<int> Exposed { get; } = [];

        public string? User { get; private set; }

        public static Dockerfile Load(string name)
        {
            var path = Path.Combine(DeployDir, "docker", name);
            Assert.True(File.Exists(path), $"{path} does not exist.");
            var result = new Dockerfile();
            foreach (var instruction in Instructions(File.ReadAllText(path)))
            {
                var space = instruction.IndexOf(' ', StringComparison.Ordinal);
                var keyword = instruction[..space].ToUpperInvariant();
                var rest = instruction[(space + 1)..].Trim();
                switch (keyword)
                {
                    case "FROM":
                        result.Images.Add(rest.Split(' ')[0]);
                        break;
                    case "ENTRYPOINT":
                        result.Entrypoint = JsonArray(rest);
                        break;
                    case "RUN":
                        result.Published.AddRange(PublishedProject().Matches(rest).Select(m => m.Groups[1].Value));
                        break;
                    case "COPY" when !rest.StartsWith("--from", StringComparison.Ordinal):
                        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        result.CopySources.AddRange(parts[..^1]);
                        break;
                    case "ENV":
                        foreach (Match match in EnvironmentPair().Matches(rest))
                        {
                            result.Environment[match.Groups[1].Value] = match.Groups[2].Value;
                        }

                        break;
                    case "EXPOSE":
                        result.Exposed.AddRange(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p.Split('/')[0])));
                        break;
                    case "USER":
                        result.User = rest;
                        break;
                }
            }

            return result;
        }

        /// <summary>Instructions with continuation lines joined, comments and the parser directive dropped.</summary>
        private static IEnumerable<string> Instructions(string text)
        {
            var current = new List<string>();
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.TrimEnd('\r').Trim();
                if (line.StartsWith('#') || (line.Length == 0 && current.Count == 0))
                {
                    continue;
                }

                if (line.EndsWith('\\'))
                {
                    current.Add(line[..^1].Trim());
                    continue;
                }

                current.Add(line);
                var joined = string.Join(' ', current.Where(l => l.Length > 0));
                current.Clear();
                if (joined.Length > 0)
                {
                    yield return joined;
                }
            }
        }

        private static List<string> JsonArray(string text) =>
            System.Text.Json.JsonSerializer.Deserialize<List<string>>(text) ?? [];
    }

    // ------------------------------------------------------------------ Kubernetes model

    private sealed class Kubernetes
    {
        public required List<YamlMappingNode> Documents { get; init; }

        public YamlMappingNode Deployment => Assert.Single(OfKind("Deployment"));

        public YamlMappingNode SiloContainer => (YamlMappingNode)Assert.Single(Seq(Deployment, "spec", "template", "spec", "containers"));

        public Dictionary<string, string> TemplateLabels => Labels(Node(Deployment, "spec", "template", "metadata", "labels"));

        public IEnumerable<YamlMappingNode> OfKind(string kind) => Documents.Where(d => Str(d, "kind") == kind);

        public YamlMappingNode Single(string kind, string name) =>
            Assert.Single(OfKind(kind), d => Str(d, "metadata", "name") == name);

        /// <summary>The silo's environment: env entries (value, or a placeholder for valueFrom) and envFrom ConfigMaps' data.</summary>
        public Dictionary<string, string> SiloEnvironment()
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in Seq(SiloContainer, "envFrom"))
            {
                Assert.Null(Node(source, "secretRef")); // secrets one key at a time, so the test sees their names
                var configMap = Single("ConfigMap", Str(source, "configMapRef", "name")!);
                foreach (var (key, value) in EnvironmentOf(Node(configMap, "data")))
                {
                    result[key] = value;
                }
            }

            foreach (var item in Seq(SiloContainer, "env"))
            {
                result[Str(item, "name")!] = Str(item, "value") ?? "(valueFrom)";
            }

            return result;
        }

        public static Kubernetes Load()
        {
            var directory = Path.Combine(DeployDir, "k8s");
            var documents = Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal)
                .Where(f => Path.GetFileName(f) != "kustomization.yaml")
                .SelectMany(LoadYaml).ToList();
            Assert.NotEmpty(documents);
            return new Kubernetes { Documents = documents };
        }
    }

    // ------------------------------------------------------------------ YAML helpers

    private static List<YamlMappingNode> LoadYaml(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    private static YamlNode? Node(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map)
            {
                return null;
            }

            node = map.Children.FirstOrDefault(c => c.Key is YamlScalarNode s && s.Value == key).Value;
        }

        return node;
    }

    private static string? Str(YamlNode? node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlNode> Seq(YamlNode? node, params string[] path) =>
        Node(node, path) is YamlSequenceNode sequence ? sequence.Children : [];

    private static List<string> Strings(YamlNode? node, params string[] path) =>
        Seq(node, path).Select(n => ((YamlScalarNode)n).Value ?? "").ToList();

    private static Dictionary<string, string> Labels(YamlNode? node) =>
        node is YamlMappingNode map
            ? map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "")
            : [];

    /// <summary>A compose environment (mapping, or a list of KEY=value) or a ConfigMap's data.</summary>
    private static Dictionary<string, string> EnvironmentOf(YamlNode? node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (c.Value as YamlScalarNode)?.Value ?? ""),
        YamlSequenceNode list => list.Children.Select(c => ((YamlScalarNode)c).Value!.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
        _ => [],
    };

    private static string? FieldRef(Dictionary<string, YamlNode> env, string name)
    {
        Assert.True(env.ContainsKey(name), $"the silo container has no {name}");
        return Str(env[name], "valueFrom", "fieldRef", "fieldPath");
    }

    private static void AssertSelects(Dictionary<string, string> selector, Dictionary<string, string> labels, string what)
    {
        Assert.NotEmpty(selector);
        foreach (var (key, value) in selector)
        {
            Assert.True(labels.TryGetValue(key, out var actual) && actual == value, $"{what} selects {key}={value}, which the silo pods do not have.");
        }
    }

    private static int ResolvePort(string port, Dictionary<string, int> named) =>
        int.TryParse(port, out var number) ? number : named[port];

    // ------------------------------------------------------------------ other helpers

    private static string Required(IReadOnlyDictionary<string, string> env, string key, string where)
    {
        Assert.True(env.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value), $"{where}: {key} is not set.");
        return value!;
    }

    private static int IntValue(IReadOnlyDictionary<string, string> env, string key, int fallback) =>
        env.TryGetValue(key, out var value) ? int.Parse(value) : fallback;

    /// <summary>The port of a listen URL (first of a ';' list; '+' and '*' hosts allowed).</summary>
    private static int UrlPort(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var uri = new Uri(first.Replace("://+", "://any", StringComparison.Ordinal).Replace("://*", "://any", StringComparison.Ordinal));
        return uri.Port;
    }

    private static int SimulatorListenPort(IReadOnlyDictionary<string, string> env) =>
        UrlPort(env.GetValueOrDefault("Simulator__Url") ?? env.GetValueOrDefault("ASPNETCORE_URLS") ?? SimulatorOptions.DefaultUrl);

    private static string AssemblyFileName(string csproj)
    {
        var name = XDocument.Load(csproj).Descendants("AssemblyName").SingleOrDefault()?.Value
            ?? Path.GetFileNameWithoutExtension(csproj);
        return name + ".dll";
    }

    private static bool IsExecutable(string csproj)
    {
        var project = XDocument.Load(csproj);
        return project.Root?.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web"
            || project.Descendants("OutputType").Any(o => o.Value is "Exe" or "WinExe");
    }

    private static bool SiloSourceMentions(string literal) =>
        Directory.EnumerateFiles(Path.Combine(Root, "src", "OrleansSms.Silo"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Any(f => File.ReadAllText(f).Contains(literal, StringComparison.Ordinal));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansSms.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OrleansSms.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"""([A-Za-z]+__[A-Za-z0-9_]+)=")]
    private static partial Regex ScriptEnvironmentKey();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])([^}]*)\}")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"dotnet publish (\S+\.csproj)")]
    private static partial Regex PublishedProject();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S+)")]
    private static partial Regex EnvironmentPair();
}
