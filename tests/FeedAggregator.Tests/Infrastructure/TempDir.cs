namespace FeedAggregator.Tests.Infrastructure;

/// <summary>A fresh folder for one test's SQLite file and OPML, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("feedagg-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string WriteOpml(params (string Url, string Title, string? Category)[] feeds)
    {
        var outlines = string.Join("\n", feeds.GroupBy(f => f.Category).Select(g => g.Key is null
            ? string.Join("\n", g.Select(Outline))
            : $"<outline text=\"{g.Key}\">{string.Join("\n", g.Select(Outline))}</outline>"));
        var path = File("feeds.opml");
        System.IO.File.WriteAllText(path, $"<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>t</title></head><body>{outlines}</body></opml>");
        return path;

        static string Outline((string Url, string Title, string? Category) f) =>
            $"<outline type=\"rss\" text=\"{f.Title}\" title=\"{f.Title}\" xmlUrl=\"{f.Url}\"/>";
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
