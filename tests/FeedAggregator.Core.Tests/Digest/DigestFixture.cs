using FeedAggregator.Core.Tests.Store;
using FeedAggregator.Digest;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using FeedAggregator.Tests.Digest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Core.Tests.Digest;

/// <summary>A DigestService over a real SQLite file and a FakeTimeProvider; no SMTP (no Smtp:Host).</summary>
public sealed class DigestFixture : IDisposable
{
    private readonly TestDatabase _db;
    public FakeTimeProvider Clock { get; }
    public DigestService Service { get; }
    public DigestStore Digests { get; }
    public StorySeeder Seed { get; }
    public FeedAggregator.Store.Database Db => _db.Db;

    private DigestFixture(string provider, DateTimeOffset now, DigestOptions options)
    {
        _db = new TestDatabase(provider);
        Clock = new FakeTimeProvider(now);
        Digests = new DigestStore(_db.Db);
        Seed = new StorySeeder(_db.Db);
        var o = Options.Create(options);
        Service = new DigestService(Digests, new StoryStore(_db.Db), new ArticleStore(_db.Db), new FeedStore(_db.Db, Clock), new DigestRenderer(),
            new DigestMailer(Options.Create(new SmtpOptions()), o, Clock), o, Options.Create(new SmtpOptions()),
            Options.Create(new PublishingOptions { Title = "Morning Post" }), Clock, NullLogger<DigestService>.Instance);
    }

    public static async Task<DigestFixture> CreateAsync(string provider, DateTimeOffset now, DigestOptions options)
    {
        var f = new DigestFixture(provider, now, options);
        await f._db.Db.MigrateAsync(default);
        return f;
    }

    public void Dispose() => _db.Dispose();
}
