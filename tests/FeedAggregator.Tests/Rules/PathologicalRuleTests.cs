using System.Xml.Linq;
using FeedAggregator.Rules;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Rules;

/// <summary>Rules from configuration: validated at start, and a pathological regular expression times out
/// (a note on the rule) without stopping the polling pass.</summary>
public sealed class PathologicalRuleTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);
    private readonly TempDir _dir = new();
    private FeedFarm _farm = null!;

    public async Task InitializeAsync() => _farm = await FeedFarm.StartAsync();

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_catastrophic_backtracking_rule_times_out_is_noted_and_every_feed_is_still_stored()
    {
        // Nested quantifiers against a long word that ends in a non-word character: exponential for a backtracking engine.
        var trap = new string('a', 48) + "!";
        _farm.Serve("/trap.rss", Rss("Trap", "https://trap.example", new Item("t1", trap, T0), new Item("t2", "Harmless news, today.", T0.AddMinutes(1))));
        _farm.Serve("/other.rss", Rss("Other", "https://other.example", new Item("o1", "Bridge reopens", T0)));
        var opml = _dir.WriteOpml((_farm.Url("/trap.rss").AbsoluteUri, "Trap", null), (_farm.Url("/other.rss").AbsoluteUri, "Other", null));
        await using var host = await ServiceHost.StartAsync(_dir, opml,
            @"--Rules:Block:0:Pattern=^(\w+\s?)*$", "--Rules:Block:0:Regex=true", "--Rules:Block:0:Fields=title",
            "--Rules:Block:1:Pattern=bridge", "--Rules:MatchTimeout=00:00:00.050");
        await ServiceHost.WaitUntilAsync(async () =>
            (await host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "both feeds polled");

        var titles = XDocument.Parse(await host.Http.GetStringAsync("/feed.atom")).Root!.Elements(Atom + "entry")
            .Select(e => (string)e.Element(Atom + "title")!).ToList();
        // The timed-out article counts as not matching (shown); the well-behaved rule still did its work.
        Assert.Contains(trap, titles);
        Assert.Contains("Harmless news, today.", titles);
        Assert.DoesNotContain("Bridge reopens", titles);
        var (_, rules) = await host.Get<RulesService>().ListAsync(default);
        var noted = Assert.Single(rules, r => r.Note is not null);
        Assert.Equal(@"^(\w+\s?)*$", noted.Pattern);
        Assert.Contains("took longer than 50 ms (Rules:MatchTimeout)", noted.Note);
        Assert.Contains(trap, noted.Note);
    }

    [Fact]
    public async Task A_bad_regular_expression_in_the_configuration_stops_the_start_naming_its_key()
    {
        var run = await FeedaggProcess.RunAsync(_dir.Path, "run", "--urls", "http://127.0.0.1:0", $"--Storage:Path={_dir.File("bad.db")}",
            "--Rules:Keep:0:Pattern=(unclosed", "--Rules:Keep:0:Regex=true");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Rules:Keep:0:Pattern: invalid regular expression \"(unclosed\"", run.Stderr);
    }
}
