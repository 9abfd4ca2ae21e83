using Bunit;
using OrleansSms.Silo.Console.Components.Shared;
using OrleansSms.Silo.Contacts;

namespace OrleansSms.Tests.Console.Components;

/// <summary>The import page's parts: its progress bar as reports come, and the answer's counts and rejected lines.</summary>
public sealed class ImportViewsTests : ComponentContext
{
    [Fact]
    public void The_progress_bar_is_named_and_moves_with_the_share_of_the_file_read_then_is_full_when_done()
    {
        var view = Render<ImportProgressView>(p => p
            .Add(v => v.Progress, new ImportProgress(BytesRead: 250, LinesRead: 11, Created: 4, Updated: 3, Rejected: 1))
            .Add(v => v.FileSize, 1000));
        var bar = view.Find("[role=progressbar]");
        Assert.Equal("Import progress", bar.GetAttribute("aria-label"));
        Assert.Equal("25", bar.GetAttribute("aria-valuenow"));
        Assert.Contains("10 lines read, 8 done (4 created, 3 updated, 1 rejected)", view.Markup);

        view.Render(p => p.Add(v => v.Progress, new ImportProgress(755, 31, 20, 5, 2)));
        Assert.Equal("75", view.Find("[role=progressbar]").GetAttribute("aria-valuenow"));

        view.Render(p => p.Add(v => v.Progress, new ImportProgress(1000, 41, 30, 5, 5)).Add(v => v.Finished, true));
        Assert.Equal("100", view.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Contains("Done: 40 lines read.", view.Markup);
    }

    [Fact]
    public void The_result_shows_the_counts_and_each_rejected_line_with_its_reason()
    {
        var result = new ImportResponse(3, 2,
            [new ImportRejection(4, "contactId 'bad id!' is not a contact id"), new ImportRejection(7, "_mobilePhone '12ab' is not a phone number")],
            RejectedCount: 2, RejectedTruncated: false);

        var view = Render<ImportResultView>(p => p.Add(v => v.Result, result));

        Assert.Equal(["3", "2", "2"], view.FindAll("dl dd").Select(d => d.TextContent));
        Assert.Equal(["Created", "Updated", "Rejected"], view.FindAll("dl dt").Select(d => d.TextContent));
        var rows = view.FindAll("table tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        Assert.Equal([["4", "contactId 'bad id!' is not a contact id"], ["7", "_mobilePhone '12ab' is not a phone number"]], rows);
        Assert.Equal("Rejected lines", view.Find("table caption").TextContent);
        Assert.DoesNotContain("are listed", view.Markup);
        Assert.Empty(view.FindAll(".mud-alert"));
    }

    [Fact]
    public void A_long_list_of_rejections_says_how_many_are_listed_and_a_stop_says_where()
    {
        var result = new ImportResponse(0, 0, [new ImportRejection(2, "invalid line")], RejectedCount: 1500, RejectedTruncated: true,
            Stopped: new ImportRejection(9000, "the rest of the file could not be read: nothing from this line on was imported"));

        var view = Render<ImportResultView>(p => p.Add(v => v.Result, result));

        Assert.Contains("The first 1 of 1500 rejected lines are listed.", view.Markup);
        Assert.Contains("Reading stopped at line 9000: the rest of the file could not be read", view.Find(".mud-alert").TextContent);
        Assert.Equal("1500", view.Find("dd[aria-labelledby='import-rejected']").TextContent);
    }

    [Fact]
    public void No_table_when_no_line_was_rejected()
    {
        var view = Render<ImportResultView>(p => p.Add(v => v.Result, new ImportResponse(5, 0, [], 0, false)));
        Assert.Empty(view.FindAll("table"));
    }

    [Theory]
    [InlineData("contacts.csv", "text/csv", 10, null)]
    [InlineData("CONTACTS.CSV", "", 10, null)]
    [InlineData("export", "application/vnd.ms-excel", 10, null)]
    [InlineData("logo.png", "image/png", 10, "'logo.png' is not a CSV file: choose a .csv file, a header row then one contact a line.")]
    [InlineData("notes.txt", "text/plain", 10, "'notes.txt' is not a CSV file: choose a .csv file, a header row then one contact a line.")]
    [InlineData("huge.csv", "text/csv", 2049, "'huge.csv' is larger than an import takes (2 KiB): split it into smaller files.")]
    [InlineData("edge.csv", "text/csv", 2048, null)]
    public void A_chosen_file_is_refused_in_a_sentence_when_it_is_no_CSV_or_too_large(string name, string type, long size, string? problem) =>
        Assert.Equal(problem, ImportFileCheck.ProblemOf(name, type, size, maxBytes: 2048));

    [Fact]
    public void The_limit_is_the_APIs_and_is_said_in_its_unit() =>
        Assert.Equal("2 GiB", ImportFileCheck.Size(ContactsApi.MaxImportBytes));
}
