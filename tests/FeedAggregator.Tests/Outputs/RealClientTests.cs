using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FeedAggregator.Tests.Infrastructure;

namespace FeedAggregator.Tests.Outputs;

/// <summary>What real clients make of every output the host serves over the corpus: the W3C feed validator, Python
/// feedparser, newsboat, rss-parser and feed-extractor, each reading the same titles, links, dates and authors we
/// published.</summary>
public sealed partial class RealClientTests(OutputCorpus corpus) : IClassFixture<OutputCorpus>
{
    /// <summary>The validator warnings an output may carry, each explained in the README ("Validator warnings").</summary>
    public static readonly IReadOnlySet<string> AllowedWarnings = new HashSet<string>
    {
    };

    private static readonly XNamespace A = OutputCorpus.Atom;

    /// <summary>Every page of both merged feeds, both filtered ones, and the digest feed empty and after a digest.</summary>
    private IEnumerable<string> XmlOutputs =>
    [
        .. corpus.Pages("feed.atom"), .. corpus.Pages("feed.rss"), "feed.atom world news", "feed.rss world news",
        "digest.atom empty", "digest.atom",
    ];

    [ClientsFact]
    public async Task Every_xml_output_passes_the_w3c_validator_with_only_documented_warnings()
    {
        var failures = new List<string>();
        foreach (var name in XmlOutputs)
        {
            // Checked as served: at its own address (the self link) with the Content-Type the host sent.
            var (url, file, contentType) = corpus.Outputs[name];
            var run = await RealClients.RunAsync("validate-feed", "--base", url.AbsoluteUri, "--content-type", contentType, file);
            var verdict = ValidatorVerdict().Match(run.Verdict);
            Assert.True(verdict.Success, $"{name}: {run.Output}");
            var warnings = run.Lines.Where(l => l.StartsWith("warning:")).Select(l => WarningClass().Match(l).Groups[1].Value).ToList();
            var unexpected = warnings.Where(w => !AllowedWarnings.Contains(w)).ToList();
            if (verdict.Groups[1].Value != "0" || unexpected.Count > 0) failures.Add($"{name} ({url}):\n{run.Output}");
            Console.WriteLine($"{name}: {run.Verdict}");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [ClientsFact]
    public async Task Feedparser_reads_every_output_without_bozo_and_gets_what_was_published()
    {
        // Not feed.json: feedparser 6.0 reads no JSON Feed (JSON support came in 6.1); feed-extractor reads it below.
        foreach (var name in (string[])[.. corpus.Pages("feed.atom"), .. corpus.Pages("feed.rss"), "feed.rss world news", "digest.atom"])
        {
            var (url, _, _) = corpus.Outputs[name];
            var verdict = await RealClients.RunAsync("feedparser-read", url.AbsoluteUri);
            Console.WriteLine($"{name}: {verdict.Verdict}");
            Assert.Matches(@"^feedparser: \d+ entries, bozo=0$", verdict.Verdict);
            var dump = await RunJsonAsync("/usr/bin/python3", Path.Combine(AppContext.BaseDirectory, "Clients", "feedparser-dump.py"), url.AbsoluteUri);
            Assert.Equal(0, dump.GetProperty("bozo").GetInt32());
            var expected = Published(name);
            var read = dump.GetProperty("entries").EnumerateArray().ToList();
            Assert.Equal(expected.Count, read.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                var (e, r) = (expected[i], read[i]);
                Assert.Equal(e.Title, r.GetProperty("title").GetString());
                AssertLink(name, e, r);
                Assert.Equal(e.Published.ToUnixTimeSeconds(), r.GetProperty("published").GetInt64());
                // feedparser's author is "name (email)" when the entry gives an email (Atom only: RSS names go in dc:creator).
                if (e.Author is not null) Assert.Equal(e.AuthorEmail is null ? e.Author : $"{e.Author} ({e.AuthorEmail})", r.GetProperty("author").GetString());
                AssertContent(name, e, r);
            }
        }
    }

    [ClientsFact]
    public async Task Newsboat_lists_every_entry_with_its_title_link_date_and_author()
    {
        foreach (var name in (string[])[.. corpus.Pages("feed.atom"), .. corpus.Pages("feed.rss"), "feed.rss world news"])
        {
            var (url, _, _) = corpus.Outputs[name];
            var run = await RealClients.RunAsync("newsboat-read", url.AbsoluteUri);
            Console.WriteLine($"{name}: {run.Verdict}");
            var expected = Published(name);
            Assert.True($"newsboat: {expected.Count} items" == run.Verdict, run.Output);
            // newsboat lists its first five items newest first: "  1. title | date | link | author=… | guid=…".
            var items = run.Lines.Select(l => NewsboatItem().Match(l)).Where(m => m.Success).ToList();
            Assert.True(Math.Min(5, expected.Count) == items.Count, run.Output);
            var dates = new List<string>();
            foreach (var item in items)
            {
                var e = Assert.Single(expected, e => e.Title == item.Groups["title"].Value);
                Assert.Equal(e.Published.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), item.Groups["date"].Value);
                Assert.Equal(e.Link ?? "", item.Groups["link"].Value);
                if (e.Author is { } author) Assert.Equal(author, item.Groups["author"].Value);
                dates.Add(item.Groups["date"].Value);
            }
            Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
            // The five it lists are the newest five we published.
            Assert.Equal(expected.Select(e => e.Published).OrderDescending().Take(5).Last().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), dates[^1]);
        }
    }

    [ClientsFact]
    public async Task Rss_parser_gets_content_and_authors_from_the_rss_and_atom_outputs()
    {
        foreach (var name in (string[])[.. corpus.Pages("feed.atom"), .. corpus.Pages("feed.rss"), "feed.rss world news"])
        {
            var (url, _, _) = corpus.Outputs[name];
            var verdict = await RealClients.RunAsync("rss-parser-read", url.AbsoluteUri);
            Console.WriteLine($"{name}: {verdict.Verdict}");
            Assert.True(verdict.Verdict == $"rss-parser: {Published(name).Count} items", verdict.Output);
            var dump = await RunJsonAsync("node", Path.Combine(AppContext.BaseDirectory, "Clients", "node-dump.js"), "rss-parser", url.AbsoluteUri);
            AssertItems(name, dump, checkAuthor: true);
        }
    }

    [ClientsFact]
    public async Task Feed_extractor_reads_the_atom_rss_and_json_outputs_with_their_own_dates()
    {
        foreach (var name in (string[])[.. corpus.Pages("feed.atom"), .. corpus.Pages("feed.rss"), "feed.json", "feed.atom world news"])
        {
            var (url, _, _) = corpus.Outputs[name];
            var verdict = await RealClients.RunAsync("feed-extractor-read", url.AbsoluteUri);
            Console.WriteLine($"{name}: {verdict.Verdict}");
            Assert.True(verdict.Verdict == $"feed-extractor: {Published(name).Count} entries", verdict.Output);
            var dump = await RunJsonAsync("node", Path.Combine(AppContext.BaseDirectory, "Clients", "node-dump.js"), "feed-extractor", url.AbsoluteUri);
            // feed-extractor dates an Atom entry by its updated (the latest of the story's own dates), RSS and JSON by published.
            AssertItems(name, dump, checkAuthor: false, datedByUpdated: name.Contains("atom"));
            // Dated by the publishers, not by one poll time: no two entries share a date (RSS dates are whole seconds, so
            // there entries placed when first seen by feeds polled in the same second may).
            var dates = dump.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("date").GetString()).ToList();
            if (!name.Contains("rss")) Assert.True(dates.Count == dates.Distinct().Count(), $"{name}: {string.Join(", ", dates)}");
        }
    }

    private void AssertItems(string name, JsonElement dump, bool checkAuthor, bool datedByUpdated = false)
    {
        var expected = Published(name);
        var read = dump.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Count, read.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, r) = (expected[i], read[i]);
            Assert.Equal(e.Title, r.GetProperty("title").GetString());
            AssertLink(name, e, r);
            Assert.Equal(datedByUpdated ? e.Updated : e.Published, DateTimeOffset.Parse(r.GetProperty("date").GetString()!, CultureInfo.InvariantCulture));
            if (checkAuthor && e.Author is not null) Assert.Equal(e.Author, r.GetProperty("author").GetString());
            if (checkAuthor) AssertContent(name, e, r);
        }
    }

    /// <summary>The link a reader got is the one published; for an entry published without one, a reader shows none
    /// (null or "") or, as feedparser does with an Atom entry, takes the entry's id for it.</summary>
    private static void AssertLink(string name, Entry e, JsonElement read)
    {
        var link = read.TryGetProperty("link", out var l) ? l.GetString() : null;
        if (e.Link is not null) Assert.Equal(e.Link, link);
        else Assert.True(string.IsNullOrEmpty(link) || link == e.Id, $"{name}: {e.Title} was published without a link, read with {link}");
    }

    /// <summary>The reader got the text we published (compared as text: a reader may sanitize or reformat the markup).</summary>
    private static void AssertContent(string name, Entry e, JsonElement read)
    {
        if (e.Html is null) return;
        var got = read.TryGetProperty("content", out var c) ? c.GetString() : null;
        Assert.True(Words(e.Html) == Words(got ?? ""), $"{name}: {e.Title}\npublished: {Words(e.Html)}\nread:      {Words(got ?? "")}");
    }

    private static string Words(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();

    /// <param name="Html">The entry's text as published: Atom content (else summary), RSS content:encoded (else
    /// description), JSON Feed content_html.</param>
    private sealed record Entry(string Id, string Title, string? Link, DateTimeOffset Published, string? Author, string? Html)
    {
        public DateTimeOffset Updated { get; init; } = Published;
        public string? AuthorEmail { get; init; }
    }

    /// <summary>What we published in an output, entry by entry, read from the saved document itself.</summary>
    private List<Entry> Published(string name)
    {
        var text = corpus.Text(name);
        if (name.StartsWith("feed.json"))
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.GetProperty("items").EnumerateArray().Select(i => new Entry(i.GetProperty("id").GetString()!, i.GetProperty("title").GetString()!,
                i.TryGetProperty("url", out var u) ? u.GetString() : null, DateTimeOffset.Parse(i.GetProperty("date_published").GetString()!, CultureInfo.InvariantCulture),
                i.TryGetProperty("authors", out var au) ? au[0].GetProperty("name").GetString() : null, i.GetProperty("content_html").GetString())).ToList();
        }
        var root = XDocument.Parse(text).Root!;
        XNamespace dc = "http://purl.org/dc/elements/1.1/", content = "http://purl.org/rss/1.0/modules/content/";
        if (root.Name == "rss")
            return root.Element("channel")!.Elements("item").Select(i => new Entry((string)i.Element("guid")!, (string)i.Element("title")!, (string?)i.Element("link"),
                DateTimeOffset.Parse((string)i.Element("pubDate")!, CultureInfo.InvariantCulture), (string?)i.Element(dc + "creator"),
                (string?)i.Element(content + "encoded") ?? (string?)i.Element("description"))).ToList();
        return root.Elements(A + "entry").Select(e => new Entry((string)e.Element(A + "id")!, (string)e.Element(A + "title")!,
            (string?)e.Elements(A + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate")?.Attribute("href"),
            DateTimeOffset.Parse((string)(e.Element(A + "published") ?? e.Element(A + "updated"))!, CultureInfo.InvariantCulture),
            (string?)e.Element(A + "author")?.Element(A + "name"), (string?)e.Element(A + "content") ?? (string?)e.Element(A + "summary"))
        {
            Updated = DateTimeOffset.Parse((string)e.Element(A + "updated")!, CultureInfo.InvariantCulture),
            AuthorEmail = (string?)e.Element(A + "author")?.Element(A + "email"),
        }).ToList();
    }

    private static async Task<JsonElement> RunJsonAsync(string program, params string[] args)
    {
        var run = await RealClients.RunProgramAsync(program, args);
        var json = run.Lines.LastOrDefault(l => l.StartsWith('{')) ?? throw new Xunit.Sdk.XunitException($"{program} printed no JSON:\n{run.Output}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^feedvalidator: (\d+) errors, (\d+) warnings$")]
    private static partial Regex ValidatorVerdict();

    [GeneratedRegex(@"\[(\w+)\]\s*$")]
    private static partial Regex WarningClass();

    [GeneratedRegex(@"^\s+\d+\. (?<title>.*) \| (?<date>\S+) \| (?<link>\S*) \| author=(?<author>.*) \| guid=")]
    private static partial Regex NewsboatItem();
}
