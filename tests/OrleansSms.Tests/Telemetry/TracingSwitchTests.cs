using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Telemetry;

/// <summary>Spans are recorded only when something exports them, or when asked (<c>Telemetry:Tracing</c>).</summary>
public sealed class TracingSwitchTests
{
    [Fact]
    public async Task Without_an_exporter_no_span_pipeline_is_built()
    {
        await using var factory = new SiloFactory(SiloFactory.Memory());
        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("Telemetry:Tracing", "true")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")]
    public async Task Asked_for_or_with_an_exporter_spans_are_recorded(string key, string value)
    {
        var settings = new Dictionary<string, string?>(SiloFactory.Memory()) { [key] = value };
        await using var factory = new SiloFactory(settings);
        Assert.NotNull(factory.Services.GetService<TracerProvider>());
    }
}
