using FeedAggregator.Parse;
using FeedAggregator.Rules;

namespace FeedAggregator.Core.Tests.Rules;

public sealed class RuleBookTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    private static ArticleFacts Article(string title, string? html = null, string feed = "https://a.example/feed", string? category = null,
        string? author = null, string? link = null, params string[] tags) =>
        new(title, html, null, author is null ? [] : [new ParsedPerson(author, null, null)], tags, link, feed, "A Daily", category);

    private static RuleBook Book(params Rule[] rules) => new(1, rules.Select(r => new RuleMatcher(r, Timeout)).ToList());

    private static Rule Block(string pattern, bool regex = false, RuleFields fields = Rule.DefaultFields, string? feed = null, string? category = null) =>
        new(1, RuleAction.Block, pattern, regex, fields, feed, category);

    [Theory]
    [InlineData("nft", "NFT sale ends early", true)]
    [InlineData("nft", "nftables firewall tips", false)]
    [InlineData("c++", "Why C++ modules matter", true)]
    [InlineData("world cup, transfer window", "The transfer   window closes", true)]
    [InlineData("world cup, transfer window", "A window for transfers", false)]
    public void Plain_words_match_whole_words_or_phrases_ignoring_case(string pattern, string title, bool hidden) =>
        Assert.Equal(hidden, Book(Block(pattern)).Judge(Article(title)).Hidden);

    [Fact]
    public void Content_is_matched_as_text_not_markup()
    {
        var book = Book(Block("strong"));
        Assert.False(book.Judge(Article("Markets", "<p><strong>Shares</strong> rose</p>")).Hidden);
        Assert.True(book.Judge(Article("Markets", "<p>A <em>strong</em> rally</p>")).Hidden);
    }

    [Fact]
    public void Fields_limit_where_a_rule_looks()
    {
        var book = Book(Block("smith", fields: RuleFields.Author), Block("sponsored", fields: RuleFields.Category),
            Block(@"/promo/", regex: true, fields: RuleFields.Link));
        Assert.True(book.Judge(Article("x", author: "Jane Smith")).Hidden);
        Assert.False(book.Judge(Article("Smith wins")).Hidden);
        Assert.True(book.Judge(Article("x", tags: "Sponsored")).Hidden);
        Assert.True(book.Judge(Article("x", link: "https://a.example/promo/1")).Hidden);
    }

    [Fact]
    public void Scoped_rules_cover_only_their_feed_or_category()
    {
        var book = Book(Block("rates", feed: "https://b.example/feed"), Block("budget", category: "news"));
        Assert.False(book.Judge(Article("Rates held")).Hidden);
        Assert.True(book.Judge(Article("Rates held", feed: "https://b.example/feed")).Hidden);
        Assert.True(book.Judge(Article("Budget passes", category: "News")).Hidden);
        Assert.False(book.Judge(Article("Budget passes", category: "Sport")).Hidden);
    }

    [Fact]
    public void Keep_rules_hide_what_they_cover_and_do_not_match_and_block_wins_over_keep()
    {
        var keep = new Rule(2, RuleAction.Keep, "rust, dotnet", false, RuleFields.Title, "https://a.example/feed", null);
        var book = Book(keep, Block("unsafe"));
        Assert.Equal(new Verdict(true, null), book.Judge(Article("Python tips")));
        Assert.False(book.Judge(Article("Rust 2.0 released")).Hidden);
        Assert.Equal(new Verdict(true, 1), book.Judge(Article("Rust unsafe guide")));
        Assert.False(book.Judge(Article("Python tips", feed: "https://other.example/feed")).Hidden);
    }

    [Fact]
    public void A_match_that_times_out_counts_as_no_match_leaves_a_note_and_suspends_the_rule_after_a_few()
    {
        var matcher = new RuleMatcher(Block(@"^(\w+\s?)*$", regex: true, fields: RuleFields.Title), TimeSpan.FromMilliseconds(20));
        var trap = Article(new string('a', 40) + "!");
        Assert.False(matcher.Matches(trap));
        Assert.Contains("took longer than 20 ms", matcher.TakeNote());
        Assert.Null(matcher.TakeNote());
        for (var i = 1; i < RuleMatcher.MaxTimeouts; i++) matcher.Matches(trap);
        Assert.Contains("suspended", matcher.TakeNote());
        // Suspended: even a text it would match quickly is not matched any more.
        Assert.False(matcher.Matches(Article("plain words")));
    }

    [Fact]
    public void Configuration_errors_name_the_key()
    {
        var bad = new RulesOptions { Block = [new() { Pattern = "ok" }, new() { Pattern = "[a-", Regex = true }] };
        Assert.StartsWith("Rules:Block:1:Pattern: invalid regular expression \"[a-\"", Assert.Throws<ArgumentException>(() => bad.ToRules()).Message);
        var field = new RulesOptions { Keep = [new() { Pattern = "x", Fields = "title, body" }] };
        Assert.StartsWith("Rules:Keep:0:Fields: unknown field 'body'", Assert.Throws<ArgumentException>(() => field.ToRules()).Message);
    }
}
