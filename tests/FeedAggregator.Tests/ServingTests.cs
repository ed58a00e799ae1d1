using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using FeedAggregator.Jobs;
using FeedAggregator.Publish;
using FeedAggregator.Serving;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

/// <summary>The outputs are rendered once per data change and served from memory; validators come from the
/// data_versions counters; compression, HEAD, charset and Cache-Control — all through the real host.</summary>
public sealed class ServingTests : HostOnFarm
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] CachedPaths = ["/feed.atom", "/feed.rss", "/feed.json", "/feed.atom?category=News", "/opml", "/", "/digest.atom"];

    public override async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/news.rss", Rss("Daily News", "https://news.example",
            new Item("n1", "Harbour bridge reopens", T0.AddHours(1)),
            new Item("n2", "Council approves budget", T0.AddHours(3))));
        _farm.Serve("/blog.atom", Atom("Sam's Blog", "https://blog.example",
            new Item("tag:blog.example,2026:1", "Notes on SQLite WAL", T0.AddHours(2))), "application/atom+xml");
        var opml = _dir.WriteOpml((_farm.Url("/news.rss").AbsoluteUri, "Daily News", "News"), (_farm.Url("/blog.atom").AbsoluteUri, "Sam's Blog", "Tech"));
        _host = await ServiceHost.StartAsync(_dir, opml);
        await ServiceHost.WaitUntilAsync(async () =>
            (await _host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "first poll of every feed");
        // And the story stage's first write: after it, nothing changes the data until a test does.
        await _host.WaitForStoriesAsync();
    }

    [Fact]
    public async Task A_304_and_a_cached_200_read_no_article_rows()
    {
        var first = await _host.Http.GetAsync("/feed.atom");
        var body = await first.Content.ReadAsByteArrayAsync();
        var etag = first.Headers.ETag!;

        // Another connection hides the article and story tables: any request that reads them now fails.
        await using (var c = OpenDirect())
            await Exec(c, "ALTER TABLE articles RENAME TO articles_hidden; ALTER TABLE stories RENAME TO stories_hidden");
        try
        {
            using var conditional = new HttpRequestMessage(HttpMethod.Get, "/feed.atom");
            conditional.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await _host.Http.SendAsync(conditional)).StatusCode);
            var again = await _host.Http.GetAsync("/feed.atom");
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(body, await again.Content.ReadAsByteArrayAsync());
            // The check bites: a page not rendered yet has to read articles, and cannot.
            Assert.Equal(HttpStatusCode.InternalServerError, (await _host.Http.GetAsync("/feed.atom?category=Tech")).StatusCode);
        }
        finally
        {
            await using var c = OpenDirect();
            await Exec(c, "ALTER TABLE articles_hidden RENAME TO articles; ALTER TABLE stories_hidden RENAME TO stories");
        }
    }

    [Fact]
    public async Task A_new_rendering_is_compressed_before_it_is_served_in_the_codings_clients_asked_for()
    {
        var cache = new RenderedOutputs(TimeProvider.System, new PollActivity(TimeProvider.System), Options.Create(new PublishingOptions()));
        var body = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<p>Harbour bridge reopens</p>", 400)));
        Task<Rendering> Render(string version) => Task.FromResult(new Rendering(version, "tag-" + version, T0, body, "text/html"));

        var first = await cache.GetAsync("/", "v1", () => Render("v1"));
        Assert.True(first.IsEncoded(ContentCoding.Gzip));
        Assert.False(first.IsEncoded(ContentCoding.Brotli));
        Assert.Equal(body, Gunzip(first.Encoded(ContentCoding.Gzip)));
        // A client asked for brotli: the next rendering has it ready too.
        first.Encoded(ContentCoding.Brotli);
        var second = await cache.GetAsync("/", "v2", () => Render("v2"));
        Assert.Equal("v2", second.Version);
        Assert.True(second.IsEncoded(ContentCoding.Gzip));
        Assert.True(second.IsEncoded(ContentCoding.Brotli));
    }

    [Fact]
    public async Task While_the_service_polls_an_output_is_rendered_again_at_most_once_per_render_interval_and_at_once_after_the_pass()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var activity = new PollActivity(clock);
        var cache = new RenderedOutputs(clock, activity, Options.Create(new PublishingOptions { RenderIntervalWhilePolling = TimeSpan.FromSeconds(5) }));
        var body = System.Text.Encoding.UTF8.GetBytes("<p>Harbour bridge reopens</p>");
        var version = 0;
        async Task<string> Serve()
        {
            var v = "v" + ++version;
            return (await cache.GetAsync("/feed.atom", v, () => Task.FromResult(new Rendering(v, "tag-" + v, T0, body, "text/html")))).Version;
        }

        await Serve();
        using (activity.Pass())
        {
            // The data moves with every commit: a short burst renders, then the previous rendering is served.
            for (var i = 0; i < RenderedOutputs.RenderBurst; i++) await Serve();
            var renders = cache.Renders;
            for (var i = 0; i < 8; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(0.5));
                var served = await Serve();
                Assert.NotEqual("v" + version, served);
            }
            Assert.Equal(renders, cache.Renders);
            clock.Advance(TimeSpan.FromSeconds(1.5)); // five seconds since the last render
            var fresh = await Serve();
            Assert.Equal("v" + version, fresh);
            Assert.Equal(renders + 1, cache.Renders);
        }
        // After the pass, half a second apart is enough again.
        clock.Advance(TimeSpan.FromSeconds(0.5));
        var after = await Serve();
        Assert.Equal("v" + version, after);
    }

    private static byte[] Gunzip(byte[] gzip)
    {
        using var output = new MemoryStream();
        using (var stream = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress)) stream.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public async Task Serving_the_same_data_again_renders_nothing()
    {
        var cache = _host.Get<RenderedOutputs>();
        foreach (var path in CachedPaths) await _host.Http.GetByteArrayAsync(path);
        var renders = cache.Renders;
        for (var i = 0; i < 5; i++)
            foreach (var path in CachedPaths)
                Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync(path)).StatusCode);
        Assert.Equal(renders, cache.Renders);
    }

    [Fact]
    public async Task A_change_written_by_another_process_gives_a_new_ETag_and_the_new_body()
    {
        var first = await _host.Http.GetAsync("/feed.atom");
        var etag = first.Headers.ETag!;
        Assert.DoesNotContain("Harbour bridge closes again", await first.Content.ReadAsStringAsync());

        // As the CLI would: its own connection, its own transaction; the triggers bump the version.
        await using (var c = OpenDirect())
            await Exec(c, "UPDATE articles SET title = 'Harbour bridge closes again' WHERE title = 'Harbour bridge reopens'");

        HttpResponseMessage? fresh = null;
        await ServiceHost.WaitUntilAsync(async () =>
        {
            using var conditional = new HttpRequestMessage(HttpMethod.Get, "/feed.atom");
            conditional.Headers.IfNoneMatch.Add(etag);
            fresh = await _host.Http.SendAsync(conditional);
            return fresh.StatusCode == HttpStatusCode.OK;
        }, "a 200 for the old ETag", seconds: 10);
        Assert.NotEqual(etag, fresh!.Headers.ETag);
        Assert.Contains("Harbour bridge closes again", await fresh.Content.ReadAsStringAsync());

        // A change to polling state alone leaves the merged feed's ETag as it is (but not the status page's).
        var status = (await _host.Http.GetAsync("/")).Headers.ETag;
        var feed = (await _host.Http.GetAsync("/feed.atom")).Headers.ETag;
        await using (var c = OpenDirect())
            await Exec(c, "UPDATE feeds SET next_poll_at = next_poll_at + 1000");
        await ServiceHost.WaitUntilAsync(async () => !Equals(status, (await _host.Http.GetAsync("/")).Headers.ETag), "a new status page", seconds: 10);
        Assert.Equal(feed, (await _host.Http.GetAsync("/feed.atom")).Headers.ETag);
    }

    [Fact]
    public async Task Compressed_responses_decode_to_the_same_bytes()
    {
        foreach (var path in CachedPaths.Append("/metrics"))
        {
            var plain = await _host.Http.GetByteArrayAsync(path);
            foreach (var (coding, decode) in new (string, Func<Stream, Stream>)[]
                     { ("gzip", s => new GZipStream(s, CompressionMode.Decompress)), ("br", s => new BrotliStream(s, CompressionMode.Decompress)) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
                using var response = await _host.Http.SendAsync(request);
                Assert.Equal([coding], response.Content.Headers.ContentEncoding);
                var compressed = await response.Content.ReadAsByteArrayAsync();
                if (path != "/metrics" && path != "/") Assert.True(compressed.Length < plain.Length, $"{path} {coding}: {compressed.Length} >= {plain.Length}");
                using var decoded = new MemoryStream();
                await using (var stream = decode(new MemoryStream(compressed))) await stream.CopyToAsync(decoded);
                // /metrics is made per request; the cached outputs must be the very same bytes.
                if (path != "/metrics") Assert.Equal(plain, decoded.ToArray());
                Assert.Contains("Accept-Encoding", response.Headers.Vary);
            }
        }
    }

    [Fact]
    public async Task A_conditional_request_is_answered_304_in_every_content_coding()
    {
        using var gzip = new HttpRequestMessage(HttpMethod.Get, "/feed.json");
        gzip.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var etag = (await _host.Http.SendAsync(gzip)).Headers.ETag!;
        Assert.True(etag.IsWeak);

        foreach (var coding in new[] { "gzip", "br", "identity" })
        {
            using var again = new HttpRequestMessage(HttpMethod.Get, "/feed.json");
            again.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
            again.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await _host.Http.SendAsync(again)).StatusCode);
        }
    }

    [Fact]
    public async Task Head_answers_every_get_path_with_its_headers_and_no_body()
    {
        foreach (var path in CachedPaths.Concat(["/healthz", "/metrics", "/digests/latest"]))
        {
            using var get = await _host.Http.GetAsync(path);
            var body = await get.Content.ReadAsByteArrayAsync();
            using var head = await _host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            if (CachedPaths.Contains(path))
            {
                Assert.Equal(body.Length, head.Content.Headers.ContentLength);
                Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            }
        }
    }

    [Fact]
    public async Task Every_output_names_its_charset_and_feeds_may_be_cached_a_minute()
    {
        foreach (var path in CachedPaths.Concat(["/healthz", "/metrics", "/digests/latest"]))
        {
            using var response = await _host.Http.GetAsync(path);
            Assert.Equal("utf-8", response.Content.Headers.ContentType!.CharSet);
        }
        foreach (var path in new[] { "/feed.atom", "/feed.rss", "/feed.json", "/opml", "/digest.atom" })
        {
            var cache = (await _host.Http.GetAsync(path)).Headers.CacheControl!;
            Assert.True(cache.Public);
            Assert.Equal(TimeSpan.FromSeconds(60), cache.MaxAge);
        }
        Assert.True((await _host.Http.GetAsync("/")).Headers.CacheControl!.NoCache);
    }

    private SqliteConnection OpenDirect()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _dir.File("feedagg.db"), Pooling = false, DefaultTimeout = 30 }.ToString());
        c.Open();
        return c;
    }

    private static async Task Exec(SqliteConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
