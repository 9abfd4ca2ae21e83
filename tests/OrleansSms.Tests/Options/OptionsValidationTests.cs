using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSms.Instasent;
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
    [InlineData("Connector:MaxBatchesInFlight", "0")]
    [InlineData("Connector:MaxThrottleWait", "-00:00:01")]
    [InlineData("Connector:ChannelCacheTime", "2.00:00:00")]
    [InlineData("Durability:ResendInterval", "00:00:00")]
    [InlineData("Durability:ResumeInterval", "2.00:00:00")]
    [InlineData("Durability:AcceptedWriteDelay", "01:00:00")]
    [InlineData("Import:Parallelism", "0")]
    [InlineData("Shutdown:Timeout", "00:00:00")]
    [InlineData("Api:Keys:0:Key", "short")]
    [InlineData("Simulator:DuplicateReportRate", "2")]
    public void A_bad_value_stops_the_silo_with_a_message_naming_its_key(string key, string value)
    {
        var settings = new Dictionary<string, string?>(SiloFactory.Memory()) { [key] = value };
        using var silo = new SiloFactory(settings);

        var error = Record.Exception(() => silo.CreateClient());

        Assert.NotNull(error);
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains(key, messages, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_values_start_the_silo()
    {
        var settings = new Dictionary<string, string?>(SiloFactory.Memory())
        {
            ["Instasent:MaxBulkSize"] = "50",
            ["Connector:MaxBatchesInFlight"] = "8",
            ["Durability:AcceptedWriteDelay"] = "00:00:00",
            ["Import:Parallelism"] = "8",
            ["Shutdown:Timeout"] = "00:00:10",
        };
        using var silo = new SiloFactory(settings);

        using var client = silo.CreateClient();

        Assert.Equal(50, silo.Services.GetRequiredService<IOptions<InstasentOptions>>().Value.MaxBulkSize);
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
