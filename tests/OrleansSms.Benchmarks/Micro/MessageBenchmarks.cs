using BenchmarkDotNet.Attributes;
using OrleansSms.Domain.Contents;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Benchmarks.Micro;

/// <summary>The per-message domain work of a send and of a delivery report.</summary>
[MemoryDiagnoser]
public class MessageBenchmarks
{
    private const string GsmText = "Hola {{firstName}}, tu pedido {{orderId}} ya está en camino. Síguelo en tienda.example/p/{{orderId}} - Gracias!";
    private const string Ucs2Text = "¡Hola {{firstName}}! Tu código: {{code}} 🎉 válido hasta mañana";
    private static readonly Dictionary<string, string> Values = new() { ["firstName"] = "María", ["orderId"] = "A-10293", ["code"] = "X7Q2" };
    private static readonly string ContactId = Guid.NewGuid().ToString("N");
    private readonly string _clientId = ClientIds.ForContact(ContactId, 123_456);

    [Benchmark]
    public SmsAnalysis AnalyzeGsm() => SmsAnalyzer.Analyze(GsmText);

    [Benchmark]
    public SmsAnalysis AnalyzeUcs2() => SmsAnalyzer.Analyze(Ucs2Text);

    [Benchmark]
    public RenderedSms Render() => SmsTemplate.Render(GsmText, Values);

    [Benchmark]
    public string EncodeClientId() => ClientIds.ForContact(ContactId, 123_456);

    [Benchmark]
    public bool DecodeClientId() => ClientIds.TryParse(_clientId, out _);
}
