using Dapper;
using FeedAggregator.Feeds;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Core.Tests.Store;

/// <summary>What several workers on one database share: feed claims (leases), per-host request slots, host cooldowns.
/// Each "worker" is its own <see cref="Database"/> (its own pool), as another process would be.</summary>
public abstract class ClaimTests(string provider) : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly TestDatabase _t = new(provider);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly List<Database> _workers = [];

    public void Dispose()
    {
        foreach (var w in _workers) w.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _t.Dispose();
    }

    private Database Worker()
    {
        var db = new Database(Options.Create(_t.Storage()), NullLogger<Database>.Instance);
        _workers.Add(db);
        return db;
    }

    private async Task<FeedStore> FeedsAsync(int count)
    {
        await _t.Db.MigrateAsync(default);
        var feeds = new FeedStore(_t.Db, _clock);
        for (var i = 0; i < count; i++) await feeds.AddAsync(new FeedSubscription($"https://h{i % 7}.example/feed{i}"), FeedOrigin.Cli, default);
        return feeds;
    }

    [SkippableFact]
    public async Task Three_workers_claiming_at_once_get_every_due_feed_exactly_once()
    {
        await FeedsAsync(300);
        var stores = Enumerable.Range(0, 3).Select(_ => new FeedStore(Worker(), _clock)).ToList();
        var claims = await Task.WhenAll(stores.Select((s, i) => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await s.ClaimAsync(false, 0, 7, $"w{i}", Lease, default) is { Count: > 0 } batch) mine.AddRange(batch.Select(f => f.Id));
            return mine;
        })));
        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Distinct().Count());
    }

    [SkippableFact]
    public async Task A_dead_workers_claims_are_taken_by_another_only_after_the_lease()
    {
        var feeds = await FeedsAsync(5);
        var other = new FeedStore(Worker(), _clock);
        Assert.Equal(5, (await feeds.ClaimAsync(false, 0, 10, "dead", Lease, default)).Count);
        // The claimer dies: nothing released, nothing recorded.
        Assert.Empty(await other.ClaimAsync(false, 0, 10, "alive", Lease, default));
        _clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await other.ClaimAsync(false, 0, 10, "alive", Lease, default));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, (await other.ClaimAsync(false, 0, 10, "alive", Lease, default)).Count);
    }

    [SkippableFact]
    public async Task Recording_a_poll_releases_the_claim_with_the_next_poll_time()
    {
        var feeds = await FeedsAsync(2);
        var claimed = await feeds.ClaimAsync(false, 0, 10, "w", Lease, default);
        var now = _clock.GetUtcNow();
        var next = now.AddMinutes(30);
        await feeds.RecordNotModifiedAsync(new FeedPoll(claimed[0].Id, claimed[0].Url, now.ToMs(), next.ToMs(), 1800, "test", 304, null, 0, null, null), default);
        await feeds.ReleaseAsync([claimed[1].Id], "w", default);

        await using var c = await _t.Db.OpenAsync(default);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM feeds WHERE leased_by IS NOT NULL OR lease_until IS NOT NULL"));
        // The released feed is due again at once; the polled one only at its next poll time.
        Assert.Equal([claimed[1].Id], (await feeds.ClaimAsync(false, 0, 10, "w2", Lease, default)).Select(f => f.Id));
        await feeds.RecordNotModifiedAsync(new FeedPoll(claimed[1].Id, claimed[1].Url, now.ToMs(), now.AddHours(1).ToMs(), 3600, "test", 304, null, 0, null, null), default);
        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal([claimed[0].Id], (await feeds.ClaimAsync(false, 0, 10, "w2", Lease, default)).Select(f => f.Id));
    }

    [SkippableFact]
    public async Task Claiming_all_walks_every_enabled_feed_once_in_id_order_whatever_its_next_poll()
    {
        var feeds = await FeedsAsync(10);
        var seen = new List<long>();
        var after = 0L;
        while (await feeds.ClaimAsync(true, after, 3, "w", Lease, default) is { Count: > 0 } batch)
        {
            seen.AddRange(batch.Select(f => f.Id));
            after = batch.Max(f => f.Id);
            foreach (var f in batch)
                await feeds.RecordNotModifiedAsync(new FeedPoll(f.Id, f.Url, _clock.GetUtcNow().ToMs(), _clock.GetUtcNow().AddHours(1).ToMs(), 3600, "test", 304, null, 0, null, null), default);
        }
        Assert.Equal(10, seen.Count);
        Assert.Equal(seen.Order(), seen);
    }

    [SkippableFact]
    public async Task A_hosts_request_slots_are_shared_by_all_workers_and_a_dead_holders_slot_frees_itself()
    {
        await FeedsAsync(0);
        var a = new HostStore(Worker(), _clock);
        var b = new HostStore(Worker(), _clock);
        var hold = TimeSpan.FromMinutes(2);
        Assert.Equal(0, await a.TryTakeSlotAsync("h.example", 2, "a", hold, default));
        Assert.Equal(1, await b.TryTakeSlotAsync("h.example", 2, "b", hold, default));
        Assert.Null(await a.TryTakeSlotAsync("h.example", 2, "a", hold, default));
        Assert.Equal(0, await a.TryTakeSlotAsync("other.example", 2, "a", hold, default));
        await b.ReleaseSlotAsync("h.example", 1, "b", default);
        Assert.Equal(1, await a.TryTakeSlotAsync("h.example", 2, "a", hold, default));
        // "a" dies holding both: after the hold they are free for "b".
        Assert.Null(await b.TryTakeSlotAsync("h.example", 2, "b", hold, default));
        _clock.Advance(hold);
        Assert.Equal(0, await b.TryTakeSlotAsync("h.example", 2, "b", hold, default));
    }

    [SkippableFact]
    public async Task A_retry_after_recorded_by_one_worker_stops_the_others()
    {
        await FeedsAsync(0);
        var first = new HostCooldowns(new HostStore(Worker(), _clock), _clock, NullLogger<HostCooldowns>.Instance);
        var second = new HostCooldowns(new HostStore(Worker(), _clock), _clock, NullLogger<HostCooldowns>.Instance);
        Assert.Null(await second.NotBeforeAsync("busy.example", default));
        var until = _clock.GetUtcNow().AddMinutes(10);
        await first.CoolDownAsync("busy.example", until, "429", default);
        // The second worker's copy catches up from the database within the reload time.
        _clock.Advance(HostCooldowns.Reload);
        Assert.Equal(until, await second.NotBeforeAsync("busy.example", default));
        Assert.Null(await second.NotBeforeAsync("calm.example", default));
    }
}

public sealed class SqliteClaimTests() : ClaimTests(StorageOptions.Sqlite);

public sealed class PostgresClaimTests() : ClaimTests(StorageOptions.Postgres);
