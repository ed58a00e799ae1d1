using FeedAggregator.Dedupe;
using FeedAggregator.Parse;

namespace FeedAggregator.Core.Tests.Dedupe;

public sealed class EntryIdentityTests
{
    [Fact]
    public void Guid_wins_over_link_and_content()
    {
        var a = new ParsedEntry { Id = "abc", Link = "https://x.example/1", Title = "One" };
        var b = a with { Link = "https://x.example/moved", Title = "One, edited" };
        Assert.Equal("id:abc", EntryIdentity.Key(a));
        Assert.Equal(EntryIdentity.Key(a), EntryIdentity.Key(b));
    }

    [Fact]
    public void Without_a_guid_the_link_identifies_the_entry()
    {
        var a = new ParsedEntry { Link = "https://x.example/1", Title = "One" };
        Assert.Equal("link:https://x.example/1", EntryIdentity.Key(a));
        Assert.Equal(EntryIdentity.Key(a), EntryIdentity.Key(a with { Title = "One (updated)" }));
    }

    [Fact]
    public void Without_guid_or_link_title_and_content_identify_the_entry()
    {
        var a = new ParsedEntry { Title = "Quote of the day", Content = "<p>Carpe diem</p>" };
        Assert.StartsWith("hash:", EntryIdentity.Key(a));
        Assert.Equal(EntryIdentity.Key(a), EntryIdentity.Key(a with { }));
        Assert.NotEqual(EntryIdentity.Key(a), EntryIdentity.Key(a with { Content = "<p>Memento mori</p>" }));
    }

    [Fact]
    public void Content_hash_changes_with_what_readers_see_and_only_then()
    {
        var a = new ParsedEntry { Id = "1", Title = "T", Summary = "S", Categories = ["x"] };
        Assert.Equal(EntryIdentity.ContentHash(a), EntryIdentity.ContentHash(a with { Categories = ["x"] }));
        Assert.NotEqual(EntryIdentity.ContentHash(a), EntryIdentity.ContentHash(a with { Summary = "S2" }));
        Assert.NotEqual(EntryIdentity.ContentHash(a), EntryIdentity.ContentHash(a with { Categories = ["y"] }));
    }

    [Fact]
    public void Hash_keeps_part_boundaries()
    {
        Assert.NotEqual(EntryIdentity.Hash("ab", "c"), EntryIdentity.Hash("a", "bc"));
    }
}
