using System.Text;
using BenchmarkDotNet.Attributes;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Phones;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Benchmarks.Micro;

/// <summary>The per-row domain work of an import: phone normalisation, the CSV reader, the send rule.</summary>
[MemoryDiagnoser]
public class ContactParsingBenchmarks
{
    private byte[] _csv = [];

    [Params(10_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("contactId,_mobilePhone,_smsSubscriptionStatus,firstName,score:number\n");
        for (var row = 1; row <= Rows; row++)
        {
            text.Append($"c{row},+346{row:D8},subscribed,Name{row},{row % 100}\n");
        }

        _csv = Encoding.UTF8.GetBytes(text.ToString());
    }

    [Benchmark]
    public string? NormalizeInternationalPhone() => PhoneNumbers.Normalize("+34 600 111 222", "ES").E164;

    [Benchmark]
    public string? NormalizeNationalPhone() => PhoneNumbers.Normalize("600-11-12-22", "ES").E164;

    [Benchmark]
    public SendDecision SendRuleNewsletter() =>
        SendRule.Evaluate("+34600111222", PhoneStatus.Active, SubscriptionStatus.NotSubscribed, SmsKind.Newsletter);

    /// <summary>Whole-file parse; divide by <see cref="Rows"/> for the per-row cost.</summary>
    [Benchmark]
    public async Task<int> ParseCsvFile()
    {
        var count = 0;
        await foreach (var line in ContactCsvReader.ReadAsync(new MemoryStream(_csv), "ES"))
        {
            count += line.Patch is null ? 0 : 1;
        }

        return count;
    }
}
