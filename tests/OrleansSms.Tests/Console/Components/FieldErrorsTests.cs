using OrleansSms.Silo.Api;
using OrleansSms.Silo.Console.Components.Shared;

namespace OrleansSms.Tests.Console.Components;

/// <summary>A form's problems by field, as the API's binding words them.</summary>
public sealed class FieldErrorsTests
{
    [Fact]
    public void Each_field_shows_its_own_messages_joined_and_clearing_forgets_them()
    {
        var api = new ValidationErrors();
        api.AddValue("_mobilePhone", "12ab", "is not a phone number.");
        api.Add("fields.age", "must be a number.");
        api.Add("fields.age", "must be at most 150.");
        var errors = new FieldErrors();

        errors.Show(api);

        Assert.True(errors.Has("_mobilePhone"));
        Assert.Equal("'12ab' is not a phone number.", errors.Of("_mobilePhone"));
        Assert.Equal("must be a number. must be at most 150.", errors.Of("fields.age"));
        Assert.False(errors.Has("name"));
        Assert.Null(errors.Of("name"));

        errors.Clear();
        Assert.False(errors.Has("_mobilePhone"));
        Assert.Null(errors.Of("fields.age"));
    }

    [Fact]
    public void Showing_new_problems_replaces_the_old_ones()
    {
        var errors = new FieldErrors();
        var first = new ValidationErrors();
        first.Add("name", "is required.");
        errors.Show(first);

        var second = new ValidationErrors();
        second.Add("text", "is required.");
        errors.Show(second);

        Assert.False(errors.Has("name"));
        Assert.Equal("is required.", errors.Of("text"));
    }
}
