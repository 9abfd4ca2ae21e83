using Bunit;
using OrleansSms.Silo.Console.Components.Shared;

namespace OrleansSms.Tests.Console.Components;

/// <summary>New SMS: the id and name checked with the API's words next to their fields; a free id goes on to the editor.</summary>
public sealed class NewSmsFormTests : ComponentContext
{
    private readonly List<NewSmsForm.NewSms> _created = [];

    private IRenderedComponent<NewSmsForm> RenderForm(params string[] existing) => Render<NewSmsForm>(p => p
        .Add(f => f.ExistsAsync, id => Task.FromResult(existing.Contains(id)))
        .Add(f => f.OnCreate, sms => _created.Add(sms)));

    private static void Type(IRenderedComponent<NewSmsForm> form, string label, string value) =>
        FieldOf(form, label).QuerySelector("input")!.Change(value);

    private static void Create(IRenderedComponent<NewSmsForm> form) =>
        form.FindAll("button").Single(b => b.TextContent.Trim() == "Create").Click();

    [Fact]
    public void A_bad_id_and_a_missing_name_are_refused_next_to_their_fields()
    {
        var form = RenderForm();
        Type(form, "SMS id", "bad id!");
        Create(form);

        Assert.Contains("'bad id!' is not an id: 1-64 characters of A-Z a-z 0-9 _ -.", FieldOf(form, "SMS id").TextContent);
        Assert.Contains("missing is required: a non-blank string of at most 200 characters on one line.", FieldOf(form, "Name").TextContent);
        Assert.Empty(_created);
    }

    [Fact]
    public void A_blank_name_is_refused_as_the_API_refuses_it()
    {
        var form = RenderForm();
        Type(form, "SMS id", "promo");
        Type(form, "Name", "   ");
        Create(form);

        Assert.Contains("'   ' is required", FieldOf(form, "Name").TextContent);
        Assert.DoesNotContain("is not an id", FieldOf(form, "SMS id").TextContent);
        Assert.Empty(_created);
    }

    [Fact]
    public void An_id_the_store_has_is_not_new()
    {
        var form = RenderForm("hello");
        Type(form, "SMS id", "hello");
        Type(form, "Name", "Hello");
        Create(form);

        Assert.Contains("'hello' is already an SMS content of this store", FieldOf(form, "SMS id").TextContent);
        Assert.Empty(_created);
    }

    [Fact]
    public void A_free_id_and_a_name_go_on_and_the_errors_shown_before_are_cleared()
    {
        var form = RenderForm();
        Create(form);
        Assert.Contains("is not an id", FieldOf(form, "SMS id").TextContent);

        Type(form, "SMS id", " promo ");
        Type(form, "Name", "Spring promo");
        Create(form);

        Assert.Equal([new NewSmsForm.NewSms("promo", "Spring promo")], _created);
        Assert.DoesNotContain("is not an id", FieldOf(form, "SMS id").TextContent);
    }
}
