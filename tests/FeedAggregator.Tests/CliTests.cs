using System.Xml.Linq;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

/// <summary>The `feedagg` verbs through the real executable, with configuration overrides on the command line.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();
    private FeedFarm _farm = null!;
    private string[] _overrides = [];

    public async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/a.rss", Rss("Alpha", "https://alpha.example", new Item("a1", "Alpha one", T0), new Item("a2", "Alpha two", T0.AddHours(1))));
        _farm.Serve("/b.atom", Atom("Beta", "https://beta.example", new Item("b1", "Beta one", T0)), "application/atom+xml");
        _farm.Status("/gone", 500);
        var opml = _dir.WriteOpml((_farm.Url("/a.rss").AbsoluteUri, "Alpha", "News"), (_farm.Url("/gone").AbsoluteUri, "Gone", null));
        _overrides = [$"--Storage:Path={_dir.File("cli.db")}", $"--Feeds:Opml={opml}"];
    }

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _dir.Dispose();
    }

    private Task<FeedaggProcess.Result> Run(params string[] args) => FeedaggProcess.RunAsync(_dir.Path, [.. args, .. _overrides]);

    [Fact]
    public async Task Poll_all_prints_a_line_per_feed_and_totals_then_unchanged_on_the_second_pass()
    {
        var first = await Run("poll", "--all");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"new        {_farm.Url("/a.rss").AbsoluteUri}  2 new, 0 updated, 0 unchanged", first.Stdout);
        Assert.Contains($"error      {_farm.Url("/gone").AbsoluteUri}  HTTP 500 Internal Server Error", first.Stdout);
        Assert.Contains("2 feeds: 2 new, 0 updated, 0 unchanged, 1 errors", first.Stdout);

        var second = await Run("poll", "--all");
        Assert.Contains($"unchanged  {_farm.Url("/a.rss").AbsoluteUri}  (304 Not Modified)", second.Stdout);
        Assert.Contains("2 feeds: 0 new, 0 updated, 1 unchanged, 1 errors", second.Stdout);
    }

    [Fact]
    public async Task Feeds_add_list_export_remove_work_against_the_same_database()
    {
        var add = await Run("feeds", "add", _farm.Url("/b.atom").AbsoluteUri, "--category", "Tech");
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("added " + _farm.Url("/b.atom").AbsoluteUri, add.Stdout);
        Assert.Contains("1 new", add.Stdout);

        var list = await Run("feeds", "list");
        var row = Row(list.Stdout, _farm.Url("/b.atom").AbsoluteUri);
        // Entries stored, entries dated in the last 7 days (the one entry is dated T0), newest entry, last success.
        var recent = DateTimeOffset.UtcNow - T0 < TimeSpan.FromDays(7) ? 1 : 0;
        Assert.Matches($@"^ok\s+1\s+{recent}\s+{T0:yyyy-MM-dd HH:mm}Z\s+20\d\d-", row);
        Assert.Contains("[Tech]", row);
        Assert.Contains("3 feeds", list.Stdout);

        var export = XDocument.Parse((await Run("feeds", "export")).Stdout);
        var tech = export.Descendants("outline").Single(o => (string?)o.Attribute("text") == "Tech");
        Assert.Equal(_farm.Url("/b.atom").AbsoluteUri, (string?)tech.Element("outline")!.Attribute("xmlUrl"));

        Assert.Equal(0, (await Run("feeds", "remove", _farm.Url("/b.atom").AbsoluteUri)).ExitCode);
        Assert.DoesNotContain(_farm.Url("/b.atom").AbsoluteUri, (await Run("feeds", "list")).Stdout);
        Assert.NotEqual(0, (await Run("feeds", "remove", "https://never.example/feed")).ExitCode);
    }

    [Fact]
    public async Task Feeds_add_on_a_sites_home_page_subscribes_to_the_feed_it_announces_and_list_shows_its_health()
    {
        _farm.Serve("/", """<!doctype html><html><head><link rel="alternate" type="application/atom+xml" href="/b.atom"></head><body>Home</body></html>""", "text/html");
        var add = await Run("feeds", "add", _farm.Url("/").AbsoluteUri);
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("1 new", add.Stdout);
        Assert.Contains("autodiscovered:", add.Stdout);
        Assert.Contains("subscribed as " + _farm.Url("/b.atom").AbsoluteUri, add.Stdout);

        var list = await Run("feeds", "list");
        Assert.StartsWith("ok ", Row(list.Stdout, _farm.Url("/b.atom").AbsoluteUri));
        Assert.Contains("every 30 min (default interval)", list.Stdout);
        Assert.Contains("autodiscovered: " + _farm.Url("/").AbsoluteUri, list.Stdout);
    }

    [Fact]
    public async Task Feeds_list_shows_the_last_error_of_a_failing_feed()
    {
        await Run("poll", "--all");
        var list = await Run("feeds", "list");
        Assert.StartsWith("failing ", Row(list.Stdout, _farm.Url("/gone").AbsoluteUri));
        Assert.Contains("HTTP 500 Internal Server Error (1 in a row)", list.Stdout);
    }

    [Fact]
    public async Task Feeds_import_reads_opml_folders_as_categories()
    {
        var file = _dir.File("import.opml");
        File.WriteAllText(file, $"""<opml version="2.0"><body><outline text="Blogs"><outline xmlUrl="{_farm.Url("/b.atom").AbsoluteUri}" text="Beta"/></outline></body></opml>""");
        var import = await Run("feeds", "import", file);
        Assert.Contains("imported 1 feeds from " + file + ": 1 added, 0 already present, 0 invalid", import.Stdout);
        Assert.Contains("[Blogs]", (await Run("feeds", "list")).Stdout);
    }

    [Fact]
    public async Task Parse_prints_one_json_object_per_file_and_a_readable_error_for_a_broken_one()
    {
        var good = _dir.File("good.xml");
        var bad = _dir.File("bad.json");
        File.WriteAllText(good, Rss("Alpha", "https://alpha.example", new Item("a1", "Alpha one", T0)));
        File.WriteAllText(bad, "{ \"version\": ");
        var result = await FeedaggProcess.RunAsync(_dir.Path, "parse", good, bad);
        Assert.Equal(2, result.ExitCode); // a file that could not be read is a runtime error
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var json = System.Text.Json.JsonDocument.Parse(lines[0]);
        Assert.Equal("rss20", json.RootElement.GetProperty("format").GetString());
        Assert.Equal("Alpha one", json.RootElement.GetProperty("entries")[0].GetProperty("title").GetString());
        using var error = System.Text.Json.JsonDocument.Parse(lines[1]);
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetString()));
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Parse_batch_answers_one_line_per_input_line_in_order_and_goes_on_after_errors()
    {
        var rss = _dir.File("one.xml");
        var broken = _dir.File("broken.xml");
        var relative = _dir.File("relative.atom");
        File.WriteAllText(rss, Rss("Alpha", "https://alpha.example", new Item("a1", "Alpha one", T0)));
        File.WriteAllText(broken, "no feed here\n");
        File.WriteAllText(relative, """<feed xmlns="http://www.w3.org/2005/Atom"><title>R</title><entry><title>E</title><id>e1</id><link href="/posts/1"/></entry></feed>""");
        var stdin = $"{rss}\n{_dir.File("missing.xml")}\n{broken}\n{relative}\thttps://blog.example/feed.atom\n";
        var result = await FeedaggProcess.RunWithInputAsync(_dir.Path, stdin, "parse", "--batch");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains("\"format\":\"rss20\"", lines[0]);
        Assert.StartsWith("{\"error\":\"cannot read", lines[1]);
        Assert.Matches("\\{\"error\":\"[^\"]*line 1, column 1", lines[2]);
        using var atom = System.Text.Json.JsonDocument.Parse(lines[3]);
        Assert.Equal("https://blog.example/posts/1", atom.RootElement.GetProperty("entries")[0].GetProperty("link").GetString());
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Stories_rebuild_reclusters_with_the_settings_given_and_keeps_every_article()
    {
        _farm.Serve("/a.rss", Rss("Alpha", "https://alpha.example",
            new Item("a1", "Ferry strike halts island crossings", T0, "<p>Ferry crews walked out over pay, stranding travellers.</p>"),
            new Item("a2", "Library wins national architecture prize", T0.AddHours(1), "<p>The new central library was named building of the year.</p>")));
        _farm.Serve("/copy.rss", Rss("Copy", "https://copy.example",
            new Item("c1", "Ferry strike halts island crossings", T0, "<p>Ferry crews walked out over pay.</p>", Link: "https://alpha.example/a1?utm_source=copy")));
        await Run("feeds", "add", _farm.Url("/copy.rss").AbsoluteUri);
        await Run("poll", "--all");
        var db = _dir.File("cli.db");
        async Task<long> StoriesAsync()
        {
            await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db}");
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM stories";
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        Assert.Equal(2, await StoriesAsync()); // the ferry strike (twice, same canonical URL) and the library

        var rebuild = await Run("stories", "rebuild", "--since", "2000-01-01");
        Assert.Equal(0, rebuild.ExitCode);
        Assert.Contains("re-clustered 3 articles into 2 stories", rebuild.Stdout);
        Assert.Equal(2, await StoriesAsync());
        Assert.Equal(1, (await Run("stories", "rebuild", "--since", "yesterday-ish")).ExitCode); // a malformed argument: usage
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Feeds_add_of_a_404_a_text_file_or_a_refused_connection_subscribes_nothing_and_exits_2_unless_forced()
    {
        _farm.Serve("/notes.txt", "just some text, not a feed", "text/plain");
        var refused = $"http://127.0.0.1:{FreePort()}/feed.xml";
        foreach (var (url, reason) in new[] { (_farm.Url("/missing.xml").AbsoluteUri, "404"), (_farm.Url("/notes.txt").AbsoluteUri, "XML"), (refused, "refused") })
        {
            var add = await Run("feeds", "add", url);
            Assert.Equal(2, add.ExitCode);
            Assert.Contains("not subscribed: ", add.Stderr);
            Assert.Contains(reason, add.Stderr, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("--force", add.Stderr);
            // The reason once, in the verb's own two lines, not again in a log line.
            Assert.Equal(2, add.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        var list = (await Run("feeds", "list")).Stdout;
        Assert.DoesNotContain("/missing.xml", list);
        Assert.DoesNotContain("/notes.txt", list);

        var forced = await Run("feeds", "add", _farm.Url("/missing.xml").AbsoluteUri, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith("failing ", Row((await Run("feeds", "list")).Stdout, _farm.Url("/missing.xml").AbsoluteUri));
        Assert.Equal(1, (await Run("feeds", "add", "ftp://example.org/feed")).ExitCode);
    }

    [Fact]
    public async Task Feeds_import_of_a_thousand_feed_opml_shows_progress_and_counts_added_present_and_invalid_with_reasons()
    {
        var outlines = new System.Text.StringBuilder();
        for (var i = 0; i < 997; i++) outlines.Append($"<outline text=\"Feed {i}\" xmlUrl=\"{_farm.Url($"/f{i}.rss").AbsoluteUri}\"/>");
        outlines.Append($"<outline text=\"Alpha again\" xmlUrl=\"{_farm.Url("/a.rss").AbsoluteUri}\"/>");
        outlines.Append("<outline text=\"Mail\" xmlUrl=\"mailto:someone@example.org\"/><outline text=\"Relative\" xmlUrl=\"feeds/x.xml\"/>");
        var file = _dir.File("big.opml");
        File.WriteAllText(file, $"<opml version=\"2.0\"><body>{outlines}</body></opml>");
        await Run("poll"); // syncs config's OPML (which lists /a.rss) first

        var import = await Run("feeds", "import", file);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("importing: 100/1000", import.Stderr);
        Assert.Contains("importing: 1000/1000", import.Stderr);
        Assert.Contains("imported 1000 feeds from " + file + ": 997 added, 1 already present, 2 invalid", import.Stdout);
        Assert.Contains("invalid: mailto:someone@example.org: not an http(s) address", import.Stdout);
        Assert.Contains("invalid: feeds/x.xml: not an http(s) address", import.Stdout);
        // The two of config's OPML and the 997 new ones.
        Assert.Contains("999 feeds, ", (await Run("feeds", "list")).Stdout);
    }

    [Fact]
    public async Task Feeds_list_json_gives_each_feeds_health_entry_count_and_newest_entry()
    {
        await Run("poll", "--all");
        var list = await Run("feeds", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(list.Stdout);
        var feeds = doc.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("url").GetString()!);
        var alpha = feeds[_farm.Url("/a.rss").AbsoluteUri];
        Assert.Equal("ok", alpha.GetProperty("state").GetString());
        Assert.Equal(2, alpha.GetProperty("entries").GetInt32());
        Assert.Equal(T0.AddHours(1), alpha.GetProperty("newestEntry").GetDateTimeOffset());
        var gone = feeds[_farm.Url("/gone").AbsoluteUri];
        Assert.Equal("failing", gone.GetProperty("state").GetString());
        Assert.Equal(0, gone.GetProperty("entries").GetInt32());
        Assert.Contains("500", gone.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task Every_verbs_help_mentions_setting_overrides_environment_variables_and_exit_codes()
    {
        foreach (var verb in new[] { new[] { "run" }, ["poll"], ["parse"], ["feeds"], ["feeds", "add"], ["feeds", "list"], ["feeds", "import"], ["stories", "rebuild"], ["digest"] })
        {
            var help = await FeedaggProcess.RunAsync(_dir.Path, [.. verb, "--help"]);
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("--Section:Key=value", help.Stdout);
            Assert.Contains("FEEDAGG_Section__Key", help.Stdout);
            Assert.Contains("0 ok, 1 usage error, 2 runtime error", help.Stdout);
        }
        Assert.Equal(1, (await FeedaggProcess.RunAsync(_dir.Path, "feeds", "frobnicate")).ExitCode);
        Assert.Equal(1, (await FeedaggProcess.RunAsync(_dir.Path, "parse")).ExitCode);
        Assert.Equal(0, (await FeedaggProcess.RunAsync(_dir.Path, "parse", "--help")).ExitCode);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The `feeds list` table row of <paramref name="url"/> (not its indented detail lines).</summary>
    private static string Row(string stdout, string url) =>
        stdout.Split('\n').Single(l => !l.StartsWith(' ') && (l.Contains(url + " ") || l.TrimEnd().EndsWith(url)));
}
