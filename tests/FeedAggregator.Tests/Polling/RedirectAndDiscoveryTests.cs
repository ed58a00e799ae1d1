using FeedAggregator.Polling;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Polling;

/// <summary>Redirects followed by the fetcher itself: permanent moves confirmed before the stored URL changes,
/// temporary ones never; loops and long chains are errors. HTML pages lead to the feed they announce.</summary>
public sealed class RedirectAndDiscoveryTests : PollingTestBase
{
    private static string Feed(string title) => Rss(title, "https://news.example", new Item("a", "One", T.AddHours(-1)), new Item("b", "Two", T.AddHours(-3)));

    private void Redirect(string from, int status, string to) =>
        Farm.Handle(from, ctx => { ctx.Response.StatusCode = status; ctx.Response.Headers.Location = to; return Task.CompletedTask; });

    [Fact]
    public async Task A_301_replaces_the_stored_url_only_after_three_polls_in_a_row()
    {
        Redirect("/old.rss", 301, "/new.rss");
        Farm.Serve("/new.rss", Feed("Moved"));
        var feed = await Rig.AddAsync(Farm.Url("/old.rss"));

        for (var poll = 1; poll <= 2; poll++)
        {
            await Rig.AdvanceToNextPollAsync(feed.Id);
            var outcome = await Rig.RefreshAsync(feed.Id);
            Assert.NotEqual(RefreshStatus.Error, outcome.Status);
            var pending = await Rig.GetAsync(feed.Id);
            Assert.Equal((Farm.Url("/old.rss").AbsoluteUri, Farm.Url("/new.rss").AbsoluteUri, poll), (pending.Url, pending.MovedTo!, pending.MovedSeen));
        }
        await Rig.AdvanceToNextPollAsync(feed.Id);
        var third = await Rig.RefreshAsync(feed.Id);

        var moved = await Rig.GetAsync(feed.Id);
        Assert.Equal(Farm.Url("/new.rss").AbsoluteUri, moved.Url);
        Assert.Equal(Farm.Url("/old.rss").AbsoluteUri, moved.SubscribedUrl);
        Assert.Null(moved.MovedTo);
        Assert.StartsWith("moved permanently to", moved.LastEvent);
        Assert.Contains("moved permanently", third.Note);
        // The next poll asks the new address directly.
        var before = Farm.CountRequests("/old.rss");
        await Rig.AdvanceToNextPollAsync(feed.Id);
        await Rig.RefreshAsync(feed.Id);
        Assert.Equal(before, Farm.CountRequests("/old.rss"));
        // `feeds remove` and the OPML sync still know it by the subscribed address.
        Assert.Equal(feed.Id, (await Rig.Feeds.FindAsync(Farm.Url("/old.rss").AbsoluteUri, default))!.Id);
    }

    [Fact]
    public async Task A_308_seen_twice_a_day_apart_is_confirmed_and_an_interruption_starts_over()
    {
        Redirect("/old.rss", 308, "/new.rss");
        Farm.Serve("/new.rss", Feed("Moved"));
        var feed = await Rig.AddAsync(Farm.Url("/old.rss"));
        await Rig.RefreshAsync(feed.Id);
        Farm.Serve("/old.rss", Feed("Back"));   // the move was a mistake, undone
        Rig.Clock.Advance(TimeSpan.FromHours(1));
        await Rig.RefreshAsync(feed.Id);
        Assert.Null((await Rig.GetAsync(feed.Id)).MovedTo);

        Redirect("/old.rss", 308, "/new.rss");
        Rig.Clock.Advance(TimeSpan.FromHours(1));
        await Rig.RefreshAsync(feed.Id);
        Assert.Equal(1, (await Rig.GetAsync(feed.Id)).MovedSeen);
        Rig.Clock.Advance(TimeSpan.FromDays(1));
        await Rig.RefreshAsync(feed.Id);
        Assert.Equal(Farm.Url("/new.rss").AbsoluteUri, (await Rig.GetAsync(feed.Id)).Url);
    }

    [Fact]
    public async Task A_302_or_307_never_changes_the_stored_url_and_a_301_behind_a_302_does_not_count()
    {
        Redirect("/temp.rss", 302, "/real.rss");
        Redirect("/temp307.rss", 307, "/real.rss");
        Redirect("/mixed.rss", 302, "/hop.rss");
        Redirect("/hop.rss", 301, "/real.rss");
        Farm.Serve("/real.rss", Feed("Real"));
        foreach (var path in new[] { "/temp.rss", "/temp307.rss", "/mixed.rss" })
        {
            var feed = await Rig.AddAsync(Farm.Url(path));
            for (var i = 0; i < 5; i++)
            {
                Rig.Clock.Advance(TimeSpan.FromDays(1));
                Assert.NotEqual(RefreshStatus.Error, (await Rig.RefreshAsync(feed.Id)).Status);
            }
            var stored = await Rig.GetAsync(feed.Id);
            Assert.Equal((Farm.Url(path).AbsoluteUri, null, 0), (stored.Url, stored.MovedTo, stored.MovedSeen));
        }
    }

    [Fact]
    public async Task Redirect_loops_and_chains_longer_than_the_cap_are_errors()
    {
        Redirect("/loop-a", 301, "/loop-b");
        Redirect("/loop-b", 302, "/loop-a");
        for (var i = 0; i < 7; i++) Redirect($"/chain{i}", 301, $"/chain{i + 1}");
        Farm.Serve("/chain7", Feed("End of a long chain"));

        var loop = await Rig.AddAsync(Farm.Url("/loop-a"));
        var outcome = await Rig.RefreshAsync(loop.Id);
        Assert.Equal(RefreshStatus.Error, outcome.Status);
        Assert.StartsWith("redirect loop:", outcome.Error);

        var chain = await Rig.AddAsync(Farm.Url("/chain0"));
        var tooLong = await Rig.RefreshAsync(chain.Id);
        Assert.StartsWith("more than 5 redirects", tooLong.Error);
        Assert.Equal(6, Farm.CountRequests("/chain0") + Enumerable.Range(1, 5).Sum(i => Farm.CountRequests($"/chain{i}")));
    }

    [Fact]
    public async Task An_html_page_is_replaced_by_the_feed_it_announces()
    {
        Farm.Serve("/site/", """
            <!DOCTYPE html><html><head><title>A site</title>
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">
            <LINK REL="Alternate" TYPE="application/rss+xml" TITLE="Comments" HREF="comments.xml">
            <link type="application/atom+xml" rel="alternate home" href="feed.atom" title="Posts">
            </head><body><p>Hello</p></body></html>
            """, "text/html; charset=utf-8");
        Farm.Serve("/site/comments.xml", Feed("Comments"));
        Farm.Serve("/site/feed.atom", Atom("Posts", "https://site.example", new Item("tag:p1", "First post", T.AddHours(-2))), "application/atom+xml");
        var feed = await Rig.AddAsync(Farm.Url("/site/"));

        var outcome = await Rig.RefreshAsync(feed.Id);

        // Document order among RSS/Atom: the site lists its comments feed first here, and that is what a reader would pick too.
        Assert.Equal(RefreshStatus.Changed, outcome.Status);
        var stored = await Rig.GetAsync(feed.Id);
        Assert.Equal(Farm.Url("/site/comments.xml").AbsoluteUri, stored.Url);
        Assert.Equal(Farm.Url("/site/").AbsoluteUri, stored.SubscribedUrl);
        Assert.StartsWith("autodiscovered:", stored.LastEvent);
        Assert.Null(stored.LastError);
        Assert.Equal(0, Farm.CountRequests("/wp-json/wp/v2/pages/2"));
    }

    [Fact]
    public async Task Discovery_prefers_feed_types_over_plain_json_and_a_page_without_feed_links_stays_a_clear_error()
    {
        Farm.Serve("/blog", """
            <html><head><base href="/b/"><link rel="alternate" type="application/json" href="/api">
            <link rel="alternate" type="application/feed+json" href="feed.json"></head></html>
            """, "text/html");
        Farm.Serve("/b/feed.json", """{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","content_text":"x","date_published":"2026-11-24T10:00:00Z"}]}""", "application/feed+json");
        var blog = await Rig.AddAsync(Farm.Url("/blog"));
        Assert.Equal(1, (await Rig.RefreshAsync(blog.Id)).New);
        Assert.Equal(Farm.Url("/b/feed.json").AbsoluteUri, (await Rig.GetAsync(blog.Id)).Url);

        Farm.Serve("/plain", "<!doctype html><html><head><title>No feed</title></head><body></body></html>", "text/html");
        var plain = await Rig.AddAsync(Farm.Url("/plain"));
        var outcome = await Rig.RefreshAsync(plain.Id);
        Assert.Equal(RefreshStatus.Error, outcome.Status);
        Assert.Contains("announces no feed", outcome.Error);
    }

    [Fact]
    public async Task A_discovered_feed_already_subscribed_disables_the_page_subscription_as_a_duplicate()
    {
        Farm.Serve("/home", """<html><head><link rel="alternate" type="application/rss+xml" href="/feed.rss"></head></html>""", "text/html");
        Farm.Serve("/feed.rss", Feed("Main"));
        var existing = await Rig.AddAsync(Farm.Url("/feed.rss"));
        var page = await Rig.AddAsync(Farm.Url("/home"));
        var outcome = await Rig.RefreshAsync(page.Id);
        Assert.StartsWith("duplicate:", outcome.Error);
        Assert.False((await Rig.GetAsync(page.Id)).Enabled);
        Assert.True((await Rig.GetAsync(existing.Id)).Enabled);
    }
}
