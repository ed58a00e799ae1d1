using System.Net;
using System.Xml.Linq;
using FeedAggregator.Digest;
using FeedAggregator.Rules;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Rules;

/// <summary>Keep/block rules through the real host and the real `feedagg rules` verbs on the same database: a change
/// made by the CLI hides and restores articles in the running service's /feed.atom and digest, and stories re-elect
/// their lead and sources.</summary>
public sealed class RulesEndToEndTests : HostOnFarm
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-3);
    private const string Rates = "<p>The central bank held interest rates at 4% on Thursday as policymakers wait for clearer signs that inflation is falling.</p>";
    private string _opml = "";

    public override async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/sport.rss", Rss("Sport Daily", "https://sport.example",
            new Item("s1", "Football final goes to extra time", T0, "<p>The cup final was decided after extra time.</p>"),
            new Item("s2", "Rates held at 4% by the central bank", T0.AddMinutes(5), Rates)));
        _farm.Serve("/wire.rss", Rss("Wire", "https://wire.example",
            new Item("w1", "Rates held at 4% by the central bank", T0.AddMinutes(30), Rates),
            new Item("w2", "Council approves the city budget", T0.AddMinutes(40), "<p>The council approved next year's budget.</p>")));
        _opml = _dir.WriteOpml((_farm.Url("/sport.rss").AbsoluteUri, "Sport Daily", "Sport"), (_farm.Url("/wire.rss").AbsoluteUri, "Wire", "News"));
        _host = await ServiceHost.StartAsync(_dir, _opml);
        await ServiceHost.WaitUntilAsync(async () =>
            (await _host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "first poll of both feeds");
    }

    private Task<FeedaggProcess.Result> Cli(params string[] args) =>
        FeedaggProcess.RunAsync(_dir.Path, [.. args, $"--Storage:Path={_dir.File("feedagg.db")}", $"--Feeds:Opml={_opml}"]);

    private async Task<List<XElement>> EntriesAsync() =>
        XDocument.Parse(await _host.Http.GetStringAsync("/feed.atom")).Root!.Elements(Atom + "entry").ToList();

    private static string Title(XElement e) => (string)e.Element(Atom + "title")!;

    private async Task<string> DigestTextAsync() =>
        (await _host.Get<DigestService>().PreviewAsync(DateTimeOffset.UtcNow, default)).Rendered.Text;

    [Fact]
    public async Task A_block_rule_from_the_cli_hides_articles_in_the_feed_and_the_digest_and_removing_it_restores_them()
    {
        var before = await _host.Http.GetAsync("/feed.atom");
        Assert.Equal(3, (await EntriesAsync()).Count);
        Assert.Contains("Football final", await DigestTextAsync());

        var add = await Cli("rules", "add", "block", "football, cricket");
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains("1 articles hidden", add.Stdout);

        var entries = await EntriesAsync();
        Assert.Equal(["Council approves the city budget", "Rates held at 4% by the central bank"], entries.Select(Title).Order());
        Assert.DoesNotContain("Football final", await DigestTextAsync());
        // The output changed, so a reader's conditional request gets it (the validators moved).
        var conditional = new HttpRequestMessage(HttpMethod.Get, "/feed.atom");
        conditional.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.SendAsync(conditional)).StatusCode);

        var id = add.Stdout.Split('#')[1].Split(' ')[0];
        var remove = await Cli("rules", "remove", id);
        Assert.True(remove.ExitCode == 0, remove.Stderr);
        Assert.Contains("1 articles shown again", remove.Stdout);
        Assert.Contains("Football final goes to extra time", (await EntriesAsync()).Select(Title));
        Assert.Contains("Football final", await DigestTextAsync());
    }

    [Fact]
    public async Task Hiding_a_story_lead_makes_the_other_source_lead_and_drops_it_from_also_covered_by()
    {
        var rates = (await EntriesAsync()).Single(e => Title(e).StartsWith("Rates held"));
        Assert.Contains("Also covered by", (string)rates.Element(Atom + "summary")!);
        Assert.Equal("Sport Daily", (string)rates.Element(Atom + "source")!.Element(Atom + "title")!);

        // Everything from the sports outlet goes: its copy of the rates story too.
        var add = await Cli("rules", "add", "block", "sport", "--field", "outlet");
        Assert.True(add.ExitCode == 0, add.Stderr);

        rates = (await EntriesAsync()).Single(e => Title(e).StartsWith("Rates held"));
        Assert.Equal("Wire", (string)rates.Element(Atom + "source")!.Element(Atom + "title")!);
        Assert.DoesNotContain("Also covered by", (string)rates.Element(Atom + "summary")!);
        Assert.DoesNotContain(rates.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "related");
    }

    [Fact]
    public async Task A_keep_rule_on_one_feed_shows_only_its_matching_articles_and_leaves_other_feeds_alone()
    {
        var add = await Cli("rules", "add", "keep", @"^rates\b", "--regex", "--field", "title", "--feed", _farm.Url("/sport.rss").AbsoluteUri);
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Equal(["Council approves the city budget", "Rates held at 4% by the central bank"], (await EntriesAsync()).Select(Title).Order());
    }

    [Fact]
    public async Task Rules_test_lists_the_stored_articles_a_pattern_matches_without_changing_anything()
    {
        var test = await Cli("rules", "test", "budget, extra time", "--days", "2");
        Assert.True(test.ExitCode == 0, test.Stderr);
        Assert.Contains("Football final goes to extra time", test.Stdout);
        Assert.Contains("Council approves the city budget", test.Stdout);
        Assert.DoesNotContain("Rates held", test.Stdout);
        Assert.Contains("2 of 4 articles in everything from the last 2 days match", test.Stdout);
        Assert.Equal(3, (await EntriesAsync()).Count);

        var scoped = await Cli("rules", "test", "budget", "--category", "Sport");
        Assert.Contains("0 of 2 articles in category \"Sport\"", scoped.Stdout);
        var bad = await Cli("rules", "test", "(unclosed", "--regex");
        Assert.Equal(1, bad.ExitCode); // a malformed argument: a usage error
        Assert.Contains("invalid regular expression \"(unclosed\"", bad.Stderr);
    }
}
