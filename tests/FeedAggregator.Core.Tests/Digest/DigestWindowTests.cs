using FeedAggregator.Store;
using FeedAggregator.Digest;
using static FeedAggregator.Tests.Digest.StorySeeder;

namespace FeedAggregator.Core.Tests.Digest;

/// <summary>Windows chain without gaps or repeats, whatever fires them; the schedule and catch-up run on a FakeTimeProvider.</summary>
public abstract class DigestWindowTests(string provider)
{
    private static readonly DateTimeOffset Mon = DateTimeOffset.Parse("2026-11-23T07:00:00Z");

    private static DigestOptions London(DigestCatchUp catchUp = DigestCatchUp.Latest, bool sendEmpty = false) =>
        new() { TimeZone = "Europe/London", Time = "07:00", To = ["reader@example.org"], CatchUp = catchUp, SendEmpty = sendEmpty };

    [SkippableFact]
    public async Task Each_story_is_in_exactly_one_digest_across_scheduled_and_manual_closes()
    {
        using var f = await DigestFixture.CreateAsync(provider, Mon.AddHours(-12), London());
        var feed = await f.Seed.FeedAsync("Alpha", "News", Mon.AddDays(-30));
        var stories = new List<long>();
        // A story every 5 hours for three days, including exactly at the window boundaries.
        for (var t = Mon.AddHours(-10); t < Mon.AddDays(3); t = t.AddHours(5))
            stories.Add(await f.Seed.StoryAsync(t, new Source(feed, $"Story at {t:MM-dd HH:mm}")));
        await f.Seed.StoryAsync(Mon, new Source(feed, "Exactly at seven"));

        f.Clock.SetUtcNow(Mon.AddMinutes(1));
        Assert.Single(await f.Service.CloseDueWindowsAsync(catchingUp: false, default));
        Assert.Empty(await f.Service.CloseDueWindowsAsync(catchingUp: false, default)); // fired twice: nothing new
        f.Clock.SetUtcNow(Mon.AddHours(13));
        Assert.NotNull(await f.Service.CloseWindowAsync(f.Clock.GetUtcNow(), default)); // `digest --send` mid-day
        Assert.Null(await f.Service.CloseWindowAsync(f.Clock.GetUtcNow(), default));   // and again straight after
        f.Clock.SetUtcNow(Mon.AddDays(1).AddSeconds(5));
        Assert.Single(await f.Service.CloseDueWindowsAsync(catchingUp: false, default));
        f.Clock.SetUtcNow(Mon.AddDays(3).AddHours(1));
        Assert.Single(await f.Service.CloseDueWindowsAsync(catchingUp: true, default)); // down for two days: one digest

        var windows = await Windows(f);
        Assert.Equal([0, Mon.ToUnixTimeMilliseconds(), Mon.AddHours(13).ToUnixTimeMilliseconds(), Mon.AddDays(1).ToUnixTimeMilliseconds()],
            windows.Select(w => w.Start));
        Assert.Equal(windows.Skip(1).Select(w => w.Start), windows.SkipLast(1).Select(w => w.End));
        Assert.Equal(Mon.AddDays(3).ToUnixTimeMilliseconds(), windows[^1].End);
        // Stories counted once overall: every story first seen before the last end, the one at 07:00 in the second window.
        Assert.Equal(stories.Count + 1, windows.Sum(w => w.StoryCount));
        Assert.Contains("Exactly at seven", (await f.Digests.FindAsync("2026-11-23-2", default))!.Text);
        Assert.DoesNotContain("Exactly at seven", (await f.Digests.FindAsync("2026-11-23", default))!.Text);
    }

    [SkippableFact]
    public async Task Catch_up_each_makes_one_digest_per_missed_morning_and_skip_makes_none()
    {
        foreach (var (policy, expected) in new[] { (DigestCatchUp.Each, 3), (DigestCatchUp.Latest, 1), (DigestCatchUp.Skip, 0) })
        {
            using var f = await DigestFixture.CreateAsync(provider, Mon.AddMinutes(1), London(policy));
            var feed = await f.Seed.FeedAsync("Alpha", "News", Mon.AddDays(-30));
            await f.Seed.StoryAsync(Mon.AddHours(-1), new Source(feed, "Before"));
            Assert.Single(await f.Service.CloseDueWindowsAsync(false, default));
            for (var d = 0; d < 3; d++) await f.Seed.StoryAsync(Mon.AddDays(d).AddHours(2), new Source(feed, $"Day {d}"));
            f.Clock.SetUtcNow(Mon.AddDays(3).AddHours(4));
            Assert.Equal(expected, (await f.Service.CloseDueWindowsAsync(catchingUp: true, default)).Count);
        }
    }

    [SkippableFact]
    public async Task Empty_window_sends_nothing_unless_SendEmpty()
    {
        using (var f = await DigestFixture.CreateAsync(provider, Mon.AddMinutes(1), London()))
        {
            Assert.Empty(await f.Service.CloseDueWindowsAsync(false, default));
            Assert.Empty(await Windows(f));
        }
        using (var f = await DigestFixture.CreateAsync(provider, Mon.AddMinutes(1), London(sendEmpty: true)))
        {
            var made = Assert.Single(await f.Service.CloseDueWindowsAsync(false, default));
            Assert.Equal(0, made.StoryCount);
            Assert.Contains("Nothing new arrived", (await f.Digests.FindAsync(made.Slug, default))!.Text);
        }
    }

    [SkippableTheory]
    [InlineData("Europe/London", "2026-10-24T06:00:00Z", 6, 7)]   // BST → GMT on Sun 25 Oct
    [InlineData("America/New_York", "2026-10-31T11:00:00Z", 11, 12)] // EDT → EST on Sun 1 Nov
    public async Task Daily_windows_end_at_seven_local_across_the_DST_change(string zone, string firstMorning, int utcBefore, int utcAfter)
    {
        var first = DateTimeOffset.Parse(firstMorning);
        var options = London(sendEmpty: true);
        options.TimeZone = zone;
        using var f = await DigestFixture.CreateAsync(provider, first, options);
        for (var i = 0; i < 3; i++)
        {
            // The clock reaches the next scheduled time exactly, as the cron trigger would fire it.
            f.Clock.SetUtcNow(i == 0 ? first : f.Service.Schedule.NextAfter(f.Clock.GetUtcNow()));
            Assert.Single(await f.Service.CloseDueWindowsAsync(false, default));
        }
        var ends = (await Windows(f)).Select(w => DateTimeOffset.FromUnixTimeMilliseconds(w.End)).ToList();
        Assert.Equal([utcBefore, utcAfter, utcAfter], ends.Select(e => e.UtcDateTime.Hour));
        Assert.Equal([first.Date.AddDays(0).Day, first.Date.AddDays(1).Day, first.Date.AddDays(2).Day], ends.Select(e => e.UtcDateTime.Day));
    }

    [SkippableFact]
    public async Task A_digest_and_its_deliveries_are_stored_before_any_send()
    {
        using var f = await DigestFixture.CreateAsync(provider, Mon.AddMinutes(1), London());
        var feed = await f.Seed.FeedAsync("Alpha", "News", Mon.AddDays(-30));
        await f.Seed.StoryAsync(Mon.AddHours(-1), new Source(feed, "Before"));
        var made = Assert.Single(await f.Service.CloseDueWindowsAsync(false, default));
        // No Smtp:Host in this fixture: nothing can be sent, and the delivery waits in the outbox.
        Assert.Equal(0, await f.Service.DeliverDueAsync(default));
        var unsent = Assert.Single((await f.Digests.StatusAsync(default)).Unsent);
        Assert.Equal(("reader@example.org", made.Slug, 0), (unsent.Recipient, unsent.Slug, unsent.Attempts));
    }

    [SkippableFact]
    public async Task A_story_stamped_before_the_end_but_committed_while_the_window_closes_is_in_that_digest()
    {
        using var f = await DigestFixture.CreateAsync(provider, Mon.AddMinutes(1), London());
        var feed = await f.Seed.FeedAsync("Alpha", "News", Mon.AddDays(-30));
        var commit = new TaskCompletionSource();
        var stamped = new TaskCompletionSource();
        // A poll's write transaction: stamps its story one second before 07:00, then is slow to commit.
        var poll = f.Db.WriteAsync(async (c, tx) =>
        {
            var id = await f.Seed.StoryAsync(c, tx, Mon.AddSeconds(-1), new Source(feed, "Late committer"));
            stamped.SetResult();
            await commit.Task;
            return id;
        }, default);
        await stamped.Task;
        var close = f.Service.CloseDueWindowsAsync(false, default);
        await Task.Delay(100); // lets the close reach the window's read (it must wait for the poll's commit)
        commit.SetResult();
        await poll;

        var made = Assert.Single(await close);
        Assert.Equal(1, made.StoryCount);
        Assert.Contains("Late committer", (await f.Digests.FindAsync(made.Slug, default))!.Text);
    }

    private sealed record Window(long Start, long End, int StoryCount);

    private static async Task<List<Window>> Windows(DigestFixture f) =>
        (await f.Digests.LatestAsync(100, default)).OrderBy(d => d.WindowEndMs).Select(d => new Window(d.WindowStartMs, d.WindowEndMs, d.StoryCount)).ToList();
}

public sealed class SqliteDigestWindowTests() : DigestWindowTests(StorageOptions.Sqlite);

public sealed class PostgresDigestWindowTests() : DigestWindowTests(StorageOptions.Postgres);
