using System.Text.Json;
using FeedAggregator.Dedupe;
using FeedAggregator.Parse;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// The items of a feed farm (../shared/bench/make-farm.py output) as the story stage would see them — parsed from the
/// farm's files by the project's parser, summary rendered to text as stored — with each item's true story from the
/// farm's truth.json. Lets <see cref="StoryTuning"/> check settings on the farm's templated headlines without a poll.
/// </summary>
internal static class FarmStories
{
    public sealed record Item(string Story, string Title, string Summary, long Feed, string? CanonicalUrl, DateTimeOffset Published);

    public static List<Item> Load(string farmDir)
    {
        using var truthFile = File.OpenRead(Path.Combine(farmDir, "truth.json"));
        using var truth = JsonDocument.Parse(truthFile);
        var byGuid = new Dictionary<(string, string), string>();
        var byLink = new Dictionary<(string, string), string>();
        foreach (var it in truth.RootElement.GetProperty("items").EnumerateArray())
        {
            var feedUrl = it.GetProperty("feed_url").GetString()!;
            if (it.GetProperty("guid").GetString() is { Length: > 0 } guid) byGuid[(feedUrl, guid)] = it.GetProperty("story").GetString()!;
            byLink[(feedUrl, it.GetProperty("link").GetString()!)] = it.GetProperty("story").GetString()!;
        }
        var port = truth.RootElement.GetProperty("port").GetInt32();
        var parser = new FeedParser();
        var items = new List<Item>();
        foreach (var path in Directory.GetFiles(Path.Combine(farmDir, "feeds"), "*.xml").Order(StringComparer.Ordinal))
        {
            var feedUrl = $"http://127.0.0.1:{port}/feeds/{Path.GetFileName(path)}";
            var feed = parser.Parse(File.ReadAllBytes(path), new Uri(feedUrl));
            var feedId = long.Parse(Path.GetFileNameWithoutExtension(path), System.Globalization.CultureInfo.InvariantCulture);
            foreach (var e in feed.Entries)
            {
                string? story = null;
                if (e.Id is not null) byGuid.TryGetValue((feedUrl, e.Id), out story);
                if (story is null && e.Link is not null) byLink.TryGetValue((feedUrl, e.Link), out story);
                if (story is null) continue;
                var html = e.Summary ?? e.Content ?? "";
                var text = TextRenderer.HtmlToText(html.Length <= 2000 ? html : html[..2000]);
                items.Add(new Item(story, e.Title ?? "", text.Length <= 400 ? text : text[..400], feedId,
                    CanonicalUrl.TryCanonicalize(CanonicalUrl.Unwrap(e.Link, e.OriginalLink)), e.Published ?? DateTimeOffset.UnixEpoch));
            }
        }
        return items;
    }
}
