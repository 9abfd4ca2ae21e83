using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSms.Instasent;
using OrleansSms.Silo.Hosting;
using OrleansSms.Silo.Security;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Options;

/// <summary>
/// Every options class is bound and checked the same way: a bad value stops the silo before it
/// serves anything, with a message naming the configuration key.
/// </summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Instasent:BaseUrl", "not a url")]
    [InlineData("Instasent:MaxBulkSize", "0")]
    [InlineData("Instasent:MaxRetries", "11")]
    [InlineData("Instasent:TotalTimeout", "00:00:00")]
    [InlineData("Instasent:SendPath", "")]
    [InlineData("Instasent:SendPath", "/sms")]
    [InlineData("Instasent:BulkPath", "sms/bulk")]
    [InlineData("Instasent:RateLimitMaxWait", "00:00:30")]
    [InlineData("Instasent:RateLimitJitter", "00:02:00")]
    [InlineData("Instasent:MaxRetryDelay", "00:00:00.500")]
    [InlineData("Connector:MaxBatchesInFlight", "0")]
    [InlineData("Connector:MaxThrottleWait", "-00:00:01")]
    [InlineData("Connector:ChannelCacheTime", "2.00:00:00")]
    [InlineData("Connector:UnaccountedRetries", "101")]
    [InlineData("Durability:ResendInterval", "00:00:00")]
    [InlineData("Durability:ResumeInterval", "2.00:00:00")]
    [InlineData("Durability:AcceptedWriteDelay", "01:00:00")]
    [InlineData("Reports:DedupeWindow", "00:00:10")]
    [InlineData("Reports:WriteInterval", "00:00:02")]
    [InlineData("Workflows:MaxNodes", "0")]
    [InlineData("Workflows:MinLoopWait", "00:00:00.001")]
    [InlineData("Workflows:RunPathSteps", "5")]
    [InlineData("Import:Parallelism", "0")]
    [InlineData("Import:MaxLineBytes", "100")]
    [InlineData("Import:MaxLineBytes", "8388608")]
    [InlineData("Import:MaxFields", "0")]
    [InlineData("Shutdown:Timeout", "00:00:00")]
    [InlineData("Admission:PermitLimit", "0")]
    [InlineData("Admission:QueueLimit", "-1")]
    [InlineData("Admission:RetryAfterSeconds", "0")]
    [InlineData("Admission:RetryAfterSeconds", "3601")]
    [InlineData("Webhooks:AttemptTimeout", "00:00:00")]
    [InlineData("Webhooks:RetryFor", "30.00:00:00")]
    [InlineData("Webhooks:QueueLimit", "1")]
    [InlineData("Webhooks:MaxConcurrentAttempts", "0")]
    [InlineData("Api:Keys:0:Key", "short")]
    [InlineData("Api:Keys:0:Name", "has space")]
    [InlineData("Api:Keys:0:Name", SiloFactory.AllStoresKey)]
    [InlineData("Audit:MaxEntries", "5")]
    [InlineData("Audit:Retention", "00:00:01")]
    [InlineData("Workflows:ListedRuns", "50")]
    [InlineData("Simulator:DuplicateReportRate", "2")]
    public async Task A_bad_value_stops_the_silo_with_a_message_naming_its_key(string key, string value)
    {
        var error = await Record.ExceptionAsync(() => StartSiloAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.NotNull(error);
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.True(messages.Contains(key, StringComparison.Ordinal), error.ToString());
    }

    /// <summary>
    /// The silo's host as Program builds it (its registrations, test settings on top), started and
    /// stopped again; a start that fails throws its reason.
    /// </summary>
    private static async Task StartSiloAsync(IReadOnlyDictionary<string, string?> settings, string environment = "Testing")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        var values = new Dictionary<string, string?>(SiloFactory.Memory())
        {
            ["urls"] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Orleans:ClusterId"] = "options-" + Guid.NewGuid().ToString("N")[..8],
            ["Instasent:SimulatorUrl"] = "http://127.0.0.1:0",
            ["Api:Keys:0:Key"] = SiloFactory.AllStoresKey,
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.WebHost.UseUrls(values["urls"]!);
        builder.AddGracefulShutdown();
        builder.AddOrleansSms();
        builder.Services.AddApiKeySecurity();
        await using var app = builder.Build();
        await app.StartAsync();
        await app.StopAsync();
    }

    [Theory]
    [InlineData("shop-backend", true)]
    [InlineData("ops.team_2", true)]
    [InlineData("", true)]
    [InlineData("has space", false)]
    [InlineData("naïve", false)]
    [InlineData("a/b", false)]
    [InlineData("key-1", false)]
    [InlineData("Key-1", false)]
    [InlineData("secret-key-of-the-shop", false)]
    public void A_key_name_is_short_plain_unique_and_never_a_key(string name, bool valid)
    {
        var options = new ApiKeyOptions
        {
            Keys =
            [
                new ApiKey { Key = "main-key-of-the-shop", Name = name },
                new ApiKey { Key = "second-key-unnamed" },
                new ApiKey { Key = "secret-key-of-the-shop", Name = "other" },
            ],
        };

        var problems = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Equal(valid, problems.Count == 0);
        Assert.All(problems, p => Assert.Contains("Api:Keys:", p.ErrorMessage, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain("secret-key-of-the-shop", p.ErrorMessage, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain("main-key-of-the-shop", p.ErrorMessage, StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_goes_by_its_name_else_by_its_place_never_by_anything_of_itself()
    {
        var named = new ApiKey { Key = "main-key-of-the-shop", Name = "shop-backend" };
        var unnamed = new ApiKey { Key = "key-3-secret-value" };

        Assert.Equal("shop-backend", ApiKeyOptions.LabelOf(named, 0));
        Assert.Equal("key-3", ApiKeyOptions.LabelOf(unnamed, 3));
        Assert.DoesNotContain("secret", ApiKeyOptions.LabelOf(unnamed, 3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_production_silo_refuses_the_bundled_simulator_unless_told_to_run_on_it()
    {
        var refused = await Record.ExceptionAsync(() => StartSiloAsync(new Dictionary<string, string?>(), "Production"));

        Assert.NotNull(refused);
        var messages = string.Join(" | ", Chain(refused).Select(e => e.Message));
        Assert.Contains("Instasent__BaseUrl", messages, StringComparison.Ordinal);
        Assert.Contains("Instasent__AllowBundledSimulator", messages, StringComparison.Ordinal);

        await StartSiloAsync(new Dictionary<string, string?> { [OrleansSmsHosting.AllowBundledSimulatorKey] = "true" }, "Production");
    }

    [Fact]
    public async Task Good_values_start_the_silo()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Instasent:MaxBulkSize"] = "50",
            ["Connector:MaxBatchesInFlight"] = "8",
            ["Durability:AcceptedWriteDelay"] = "00:00:00",
            ["Import:Parallelism"] = "8",
            ["Import:MaxLineBytes"] = "1048576",
            ["Import:MaxFields"] = "50",
            ["Shutdown:Timeout"] = "00:00:10",
            ["Admission:PermitLimit"] = "64",
            ["Admission:QueueLimit"] = "0",
            ["Admission:RetryAfterSeconds"] = "1",
            ["Api:Keys:0:Name"] = "shop-backend",
            ["Audit:MaxEntries"] = "100",
            ["Audit:Retention"] = "30.00:00:00",
            ["Workflows:ListedRuns"] = "500",
        };

        await StartSiloAsync(settings);
    }

    /// <summary>
    /// Only a development build bundles the simulator that stands in for an unset
    /// <c>Instasent:BaseUrl</c>; the Instasent client alone (as in a published silo) requires it.
    /// </summary>
    [Fact]
    public void Without_the_bundled_simulator_Instasent_BaseUrl_is_required()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging()
            .AddInstasentClient()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<InstasentOptions>>().Value);

        Assert.Contains("Instasent:BaseUrl is required", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
