using FeedAggregator.Digest;
using FeedAggregator.Feeds;

namespace FeedAggregator.Core.Tests.Digest;

public sealed class DigestBuilderTests
{
    private static readonly DateTimeOffset End = DateTimeOffset.Parse("2026-11-24T07:00:00Z");
    private static readonly DigestSchedule London = new(new DigestOptions { TimeZone = "Europe/London" });
    private int _ids;

    private Article A(long feedId, string feed, string? category, string title, DateTimeOffset at, string summary = "<p>One. Two. Three.</p>") => new()
    {
        Id = ++_ids, FeedId = feedId, EntryKey = $"k{_ids}", Title = title, Url = $"https://{feed}.example/{_ids}", Summary = summary,
        FeedUrl = $"https://{feed}.example/feed", FeedTitle = feed, FeedSiteUrl = $"https://{feed}.example/", FeedCategory = category,
        FirstSeenAt = at, ChangedAt = at, SortAt = at,
    };

    private Story S(params Article[] articles) => new(++_ids, $"s{_ids}", articles[0].SortAt, articles[0].SortAt, articles[0].SortAt, articles);

    private static DigestModel Build(IReadOnlyList<Story> stories, int maxItems = 40, int top = 5, string? webUrl = null, List<string>? sections = null) =>
        DigestBuilder.Build(new DigestBuilder.Input(stories, End.AddDays(-1), End, "Morning Post", webUrl, [], []),
            new DigestOptions { MaxItems = maxItems, TopStories = top, Sections = sections ?? [] }, London);

    [Fact]
    public void Top_stories_are_those_most_sources_carried_with_every_source_named_and_linked()
    {
        var t = End.AddHours(-5);
        var two = S(A(1, "Alpha", "News", "Two sources", t), A(2, "Beta", "News", "Two sources too", t));
        var three = S(A(2, "Beta", "News", "Three sources", t.AddHours(-2)), A(1, "Alpha", "News", "x", t), A(3, "Gamma", "World", "y", t));
        var single = S(A(1, "Alpha", "News", "Only Alpha", t));

        var model = Build([two, three, single]);

        Assert.Equal(["Three sources", "Two sources"], model.TopStories.Select(i => i.Title));
        Assert.Equal(["Beta", "Alpha", "Gamma"], model.TopStories[0].Sources.Select(s => s.Name));
        Assert.All(model.TopStories[0].Sources, s => Assert.StartsWith("https://", s.Url));
        // The rest: not repeated under its category.
        Assert.Equal(["Only Alpha"], model.Sections.SelectMany(c => c.Items).Select(i => i.Title));
        Assert.Equal(3, model.StoryCount);
    }

    [Fact]
    public void Sections_follow_the_top_stories_biggest_category_first_with_uncategorized_last_and_local_times()
    {
        var t = DateTimeOffset.Parse("2026-11-23T18:40:00Z");
        var model = Build([
            S(A(1, "Zeta", "Tech", "Z1", t)), S(A(2, "Ars", "Tech", "A1", t.AddHours(1))), S(A(3, "Loose", null, "L1", t)),
            S(A(5, "Loose2", null, "L2", t)), S(A(4, "Daily", "News", "D1", End.AddMinutes(-30))),
        ]);
        Assert.Equal(["Tech", "News", DigestBuilder.Uncategorized], model.Sections.Select(c => c.Name));
        Assert.Equal(["A1", "Z1"], model.Sections[0].Items.Select(i => i.Title));
        Assert.Equal(["tech", "news", "other"], model.Sections.Select(c => c.Anchor));
        // Local (Europe/London = UTC in November) time; the day is named when it is not the digest's day.
        Assert.Equal("06:30", model.Sections[1].Items[0].Time);
        Assert.Equal("Mon 18:40", model.Sections[0].Items[1].Time);
        Assert.Equal("Tuesday 24 November 2026", model.DateLabel);
        Assert.Equal("Morning Post digest, Tue 24 Nov 2026: 5 stories", model.Subject);
    }

    [Fact]
    public void Digest_Sections_sets_the_order_of_the_categories_it_names()
    {
        var t = End.AddHours(-2);
        var model = Build([S(A(1, "T", "Tech", "T1", t)), S(A(1, "T", "Tech", "T2", t)), S(A(2, "W", "World", "W1", t)), S(A(3, "S", "Sport", "S1", t))],
            sections: ["sport", "World"]);
        Assert.Equal(["Sport", "World", "Tech"], model.Sections.Select(c => c.Name));
    }

    [Fact]
    public void MaxItems_is_shared_between_sections_and_what_is_cut_links_to_that_section_of_the_web_page()
    {
        var t = End.AddHours(-3);
        var world = Enumerable.Range(0, 10).Select(i => S(A(1 + i % 2, "Wire" + i % 2, "World news", $"W{i}", t.AddMinutes(i)))).ToList();
        var tech = Enumerable.Range(0, 2).Select(i => S(A(3, "Blog", "Tech", $"T{i}", t.AddMinutes(i)))).ToList();

        var model = Build([.. world, .. tech], maxItems: 5, webUrl: "https://feeds.example/digests/2026-11-24");

        var w = model.Sections.Single(s => s.Name == "World news");
        Assert.Equal(["W9", "W8", "W7"], w.Items.Select(i => i.Title));
        Assert.Equal(7, w.More);
        Assert.Equal("https://feeds.example/digests/2026-11-24#world-news", w.MoreUrl);
        Assert.Equal(["T1", "T0"], model.Sections.Single(s => s.Name == "Tech").Items.Select(i => i.Title));
        Assert.Equal(5, model.Shown);
        Assert.False(model.Complete);
        // Nothing is lost: every story is in a section, shown or in its rest.
        Assert.Equal(12, model.Sections.Sum(s => s.Count));
    }

    [Fact]
    public void Without_a_public_address_the_cut_stories_are_listed_by_title_in_the_email()
    {
        var t = End.AddHours(-3);
        var model = Build(Enumerable.Range(0, 6).Select(i => S(A(1, "Wire", "World", $"W{i}", t.AddMinutes(i)))).ToList(), maxItems: 2);
        var section = model.Sections.Single();
        Assert.Null(section.MoreUrl);
        Assert.Equal(["W3", "W2", "W1", "W0"], section.Rest.Select(i => i.Title));
        var text = new DigestRenderer().Render(model).Text;
        Assert.Contains("And 4 more in World:\n- W3 (Wire, 04:03)", text);
    }

    [Fact]
    public void Summary_is_plain_text_cut_at_a_sentence_without_a_repeated_title()
    {
        var model = Build([S(A(1, "Alpha", "News", "Bridge reopens",
            End.AddHours(-1), "<p>Bridge reopens: the <b>harbour</b> bridge opened at dawn. Traffic &amp; buses are back. More soon.</p>"))]);
        Assert.Equal("the harbour bridge opened at dawn. Traffic & buses are back.", model.Sections[0].Items[0].Summary);
    }

    [Fact]
    public void Health_lists_failing_feeds_with_their_error_and_silent_feeds()
    {
        var failing = new Feed { Url = "https://f.example/feed", Title = "Flaky", ErrorCount = 3, LastError = "HTTP 500 Internal Server Error" };
        var silent = new Feed { Url = "https://quiet.example/feed" };
        var model = DigestBuilder.Build(new DigestBuilder.Input([], End.AddDays(-1), End, "Morning Post", null, [failing], [silent]),
            new DigestOptions(), London);
        Assert.Equal(["Flaky (HTTP 500 Internal Server Error)"], model.Health.Failing);
        Assert.Equal(["quiet.example"], model.Health.Silent);
    }

    [Fact]
    public void Allot_is_round_robin()
    {
        Assert.Equal([2, 1, 2], DigestBuilder.Allot([5, 1, 3], 5));
        Assert.Equal([5, 1, 3], DigestBuilder.Allot([5, 1, 3], 50));
        Assert.Equal([0, 0], DigestBuilder.Allot([2, 2], 0));
    }
}
