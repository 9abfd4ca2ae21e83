using OrleansSms.Domain.Contacts;

namespace OrleansSms.Domain.Tests.Contacts;

/// <summary>The pure pieces of a contact list: search readings, keys, cursors and the merge of partition pages.</summary>
public class ContactListingTests
{
    [Theory]
    [InlineData("+34600111222")]
    [InlineData("600 11 12 22")]
    [InlineData("600-111-222")]
    [InlineData("0034 600 111 222")]
    [InlineData("+34 (600) 111.222")]
    public void A_phone_search_in_any_input_form_reads_as_the_E164_a_write_stores(string search)
    {
        var query = ContactQuery.Parse(search, "ES");
        Assert.Equal("+34600111222", query.Phone);
        Assert.True(query.Search);
        Assert.True(query.Matches("x", "+34600111222", null, PhoneStatus.Active, SubscriptionStatus.None));
    }

    [Fact]
    public void A_search_is_read_as_every_thing_it_can_be()
    {
        var digits = ContactQuery.Parse("600111222", "ES");
        Assert.Equal(("600111222", "+34600111222", (string?)null), (digits.IdPrefix, digits.Phone, digits.Email));

        var email = ContactQuery.Parse(" Ana@Example.COM ", "ES");
        Assert.Equal(((string?)null, (string?)null, "ana@example.com"), (email.IdPrefix, email.Phone, email.Email));
        Assert.True(email.Matches("x", null, "ANA@example.com", PhoneStatus.Active, SubscriptionStatus.None));
        Assert.False(email.Matches("x", null, "ana@example.org", PhoneStatus.Active, SubscriptionStatus.None));

        var id = ContactQuery.Parse("c-1", "ES");
        Assert.Equal(("c-1", (string?)null), (id.IdPrefix, id.Phone));
        Assert.True(id.ToFilter().OnlyIdPrefix);
        Assert.True(id.Matches("c-10", null, null, PhoneStatus.Active, SubscriptionStatus.None));
        Assert.False(id.Matches("C-10", null, null, PhoneStatus.Active, SubscriptionStatus.None));

        var nothing = ContactQuery.Parse("hello world!", "ES");
        Assert.True(nothing.Search);
        Assert.False(nothing.Matches("hello", "+34600111222", "hello world!", PhoneStatus.Active, SubscriptionStatus.None));

        Assert.False(ContactQuery.Parse("   ", "ES").Search);
        Assert.Null(ContactQuery.Parse("600111222", null).Phone);
    }

    [Fact]
    public void Filters_must_all_match_and_no_search_matches_everyone_they_let_through()
    {
        var query = ContactQuery.Parse(null, null, PhoneStatus.Active, SubscriptionStatus.Subscribed);
        Assert.True(query.Matches("a", null, null, PhoneStatus.Active, SubscriptionStatus.Subscribed));
        Assert.False(query.Matches("a", null, null, PhoneStatus.Paused, SubscriptionStatus.Subscribed));
        Assert.False(query.Matches("a", null, null, PhoneStatus.Active, SubscriptionStatus.None));
    }

    [Theory]
    [InlineData("+34600111222", 34600111222UL)]
    [InlineData("+12025550123", 12025550123UL)]
    [InlineData("+999999999999999", 999999999999999UL)]
    [InlineData(null, 0UL)]
    [InlineData("", 0UL)]
    [InlineData("34600111222", 0UL)]
    [InlineData("+0600111222", 0UL)]
    [InlineData("+34 600", 0UL)]
    public void A_phone_key_is_the_number_its_digits_spell(string? e164, ulong key)
    {
        Assert.Equal(key, DirectoryKeys.Phone(e164));
        if (key != 0)
        {
            Assert.Equal(e164, DirectoryKeys.PhoneText(key));
        }
    }

    [Fact]
    public void An_email_key_is_the_same_in_any_case_and_never_zero()
    {
        Assert.Equal(DirectoryKeys.Email("ana@example.com"), DirectoryKeys.Email(" ANA@Example.Com"));
        Assert.NotEqual(DirectoryKeys.Email("ana@example.com"), DirectoryKeys.Email("ana@example.org"));
        Assert.Equal(0UL, DirectoryKeys.Email(null));
        Assert.Equal(0UL, DirectoryKeys.Email("  "));
        Assert.True(DirectoryKeys.SameEmail("ÁNA@x.es", "ána@X.ES"));
        Assert.False(DirectoryKeys.SameEmail("", ""));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("contact-1")]
    [InlineData("3f2504e04f8911d39a0c0305e82c3301")]
    [InlineData("__--__")]
    public void A_cursor_carries_its_id_opaquely_and_round_trips(string id)
    {
        var cursor = ContactCursor.Encode(id);
        Assert.DoesNotContain(id, cursor);
        Assert.True(ContactCursor.TryDecode(cursor, out var decoded));
        Assert.Equal(id, decoded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("!!!!")]
    [InlineData("AWE=")] // padding: not how cursors are written
    [InlineData("AmE")] // another version
    [InlineData("AWEgYg")] // "a b": not an id
    [InlineData("AQ")] // no id
    public void Anything_else_is_not_a_cursor(string? cursor) => Assert.False(ContactCursor.TryDecode(cursor, out _));

    [Fact]
    public void A_page_merges_the_partitions_pages_in_order_and_its_cursor_is_its_last_id()
    {
        DirectoryPage[] pages =
        [
            new(["a", "d", "g"], More: true),
            new(["b", "c"], More: false),
            DirectoryPage.Empty,
            new(["e", "f", "h"], More: false),
        ];

        var (ids, next) = DirectoryMerge.Page(pages, 3);
        Assert.Equal(["a", "b", "c"], ids);
        Assert.Equal("c", next);

        (ids, next) = DirectoryMerge.Page(pages, 8);
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h"], ids);
        Assert.Equal("h", next); // the first partition may have more after "g"

        (ids, next) = DirectoryMerge.Page([new(["a"], false), new(["b"], false)], 3);
        Assert.Equal(["a", "b"], ids);
        Assert.Null(next);

        (ids, next) = DirectoryMerge.Page([new(["a", "c"], false), new(["b"], false)], 2);
        Assert.Equal(["a", "b"], ids);
        Assert.Equal("b", next); // "c" is left over

        (ids, next) = DirectoryMerge.Page([DirectoryPage.Empty], 5);
        Assert.Empty(ids);
        Assert.Null(next);
    }
}
