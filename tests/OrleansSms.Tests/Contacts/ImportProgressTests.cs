using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Silo.Contacts;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Contacts;

/// <summary>The import's progress reports (what the console's import page draws), and an import without them answering as before.</summary>
[Collection(MemorySiloCollection.Name)]
public sealed class ImportProgressTests(MemorySiloFixture silo)
{
    /// <summary>Keeps every report, in the order they came (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class Recorder : IProgress<ImportProgress>
    {
        public List<ImportProgress> Reports { get; } = [];

        public void Report(ImportProgress value)
        {
            lock (Reports)
            {
                Reports.Add(value);
            }
        }
    }

    private async Task<string> StoreAsync()
    {
        var store = Ids.Store();
        await (await silo.Client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        await (await silo.Client.PutRawJsonAsync($"/api/stores/{store}/contacts/row7", """{"fields":{"firstName":"Old"}}""")).ReadJsonAsync();
        return store;
    }

    private static string Csv(int rows)
    {
        var csv = new StringBuilder("contactId,_mobilePhone,age:number\n");
        for (var i = 0; i < rows; i++)
        {
            // Every 50th line has an age that is not a number.
            csv.Append($"row{i},6002{i:D5},{(i % 50 == 49 ? "old" : i.ToString())}\n");
        }

        return csv.ToString();
    }

    [Fact]
    public async Task Reports_grow_line_by_line_to_the_final_counts_and_the_answer_is_the_APIs()
    {
        const int rows = 1000;
        var csv = Csv(rows);
        var bytes = Encoding.UTF8.GetBytes(csv);
        var store = await StoreAsync();
        var recorder = new Recorder();
        var importer = silo.Factory.Services.GetRequiredService<ContactImporter>();

        var answer = await importer.ImportAsync(store, new MemoryStream(bytes), CancellationToken.None, recorder);

        var reports = recorder.Reports;
        Assert.True(reports.Count >= rows / ContactImporter.YieldEvery, $"{reports.Count} reports for {rows} rows");
        for (var i = 1; i < reports.Count; i++)
        {
            var (before, now) = (reports[i - 1], reports[i]);
            Assert.True(now.BytesRead >= before.BytesRead && now.LinesRead >= before.LinesRead && now.Done >= before.Done &&
                now.Created >= before.Created && now.Updated >= before.Updated && now.Rejected >= before.Rejected,
                $"report {i} ({now}) is behind the one before ({before})");
        }

        // Some came while lines were still being read.
        Assert.Contains(reports, r => r.LinesRead is > 1 and <= rows);
        Assert.Equal(new ImportProgress(bytes.Length, rows + 1, rows - 20 - 1, 1, 20), reports[^1]);
        Assert.Equal((rows - 21, 1, 20), (answer.Created, answer.Updated, answer.RejectedCount));

        // The API's import of the same file into a store like it says the same (it asks for no progress).
        var twin = await StoreAsync();
        var api = await (await silo.Client.PostAsync($"/api/stores/{twin}/contacts/import", new StringContent(csv, Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal(answer.Created, api.GetProperty("created").GetInt32());
        Assert.Equal(answer.Updated, api.GetProperty("updated").GetInt32());
        Assert.Equal(
            answer.Rejected.Select(r => (r.Line, r.Error)),
            api.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("error").GetString()!)));
    }

    [Fact]
    public async Task A_file_of_only_a_header_reports_once_with_nothing_done()
    {
        var store = await StoreAsync();
        var recorder = new Recorder();
        var importer = silo.Factory.Services.GetRequiredService<ContactImporter>();
        var header = Encoding.UTF8.GetBytes("contactId,_mobilePhone\n");

        var answer = await importer.ImportAsync(store, new MemoryStream(header), CancellationToken.None, recorder);

        Assert.Equal((0, 0, 0), (answer.Created, answer.Updated, answer.RejectedCount));
        Assert.Equal(0, recorder.Reports[^1].Done);
        Assert.Equal(header.Length, recorder.Reports[^1].BytesRead);
    }
}
