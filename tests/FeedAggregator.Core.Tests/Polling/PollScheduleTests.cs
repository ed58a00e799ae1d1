using FeedAggregator.Polling;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Core.Tests.Polling;

public sealed class PollScheduleTests
{
    // A Tuesday, noon UTC.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly PollingOptions _o = new() { Interval = TimeSpan.FromMinutes(30), MinInterval = TimeSpan.FromMinutes(10), MaxInterval = TimeSpan.FromHours(12), MaxBackoff = TimeSpan.FromDays(1) };
    private PollSchedule Schedule => new(Options.Create(_o), _clock);
    private static readonly PublisherHints None = new();

    [Fact]
    public void Publisher_hints_only_lengthen_the_interval()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), Schedule.AfterSuccess(null, new(Ttl: TimeSpan.FromMinutes(5), CacheLifetime: TimeSpan.FromMinutes(1))).Interval);
        var plan = Schedule.AfterSuccess(null, new(Ttl: TimeSpan.FromHours(2)));
        Assert.Equal((TimeSpan.FromHours(2), "RSS ttl"), (plan.Interval, plan.Reason));
        Assert.Equal("sy:updatePeriod", Schedule.AfterSuccess(null, new(UpdatePeriod: TimeSpan.FromHours(1))).Reason);
        Assert.Equal("Cache-Control/Expires", Schedule.AfterSuccess(TimeSpan.FromMinutes(15), new(CacheLifetime: TimeSpan.FromHours(1))).Reason);
        // Beyond MaxInterval the publisher still wins (never poll more often than asked), up to MaxBackoff.
        Assert.Equal(TimeSpan.FromHours(20), Schedule.AfterSuccess(null, new(Ttl: TimeSpan.FromHours(20))).Interval);
        Assert.Equal(TimeSpan.FromDays(1), Schedule.AfterSuccess(null, new(Ttl: TimeSpan.FromDays(3))).Interval);
    }

    [Fact]
    public void Interval_from_publishing_history_is_bounded_by_min_and_max()
    {
        Assert.Equal(TimeSpan.FromHours(2), Schedule.AfterSuccess(TimeSpan.FromHours(2), None).Interval);
        Assert.StartsWith("publishing history", Schedule.AfterSuccess(TimeSpan.FromHours(2), None).Reason);
        Assert.Equal(TimeSpan.FromMinutes(10), Schedule.AfterSuccess(TimeSpan.FromMinutes(1), None).Interval);
        Assert.Equal(TimeSpan.FromHours(12), Schedule.AfterSuccess(TimeSpan.FromDays(5), None).Interval);
        // A ttl above the history's estimate wins.
        Assert.Equal(TimeSpan.FromHours(3), Schedule.AfterSuccess(TimeSpan.FromHours(2), new(Ttl: TimeSpan.FromHours(3))).Interval);
    }

    [Fact]
    public void Next_poll_is_jittered_upwards_only_so_floors_hold()
    {
        var waits = Enumerable.Range(0, 200).Select(_ => Schedule.AfterSuccess(null, new(Ttl: TimeSpan.FromMinutes(60))).Next - _clock.GetUtcNow()).ToList();
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(66)));
        Assert.True(waits.Distinct().Count() > 100, "jitter spreads feeds out");
    }

    [Fact]
    public void Skip_hours_and_days_move_the_next_poll_out_of_the_skipped_time()
    {
        // 12:00 + 30 min lands in hour 12; hours 12-14 are skipped → 15:00.
        var plan = Schedule.AfterSuccess(null, new(SkipHours: 1 << 12 | 1 << 13 | 1 << 14));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero), plan.Next);
        Assert.EndsWith("skipHours/skipDays", plan.Reason);
        // Tuesday skipped → Wednesday 00:00.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero),
            Schedule.AfterSuccess(null, new(SkipDays: 1 << (int)DayOfWeek.Tuesday)).Next);
        // Every hour skipped is nonsense: ignored.
        Assert.InRange(Schedule.AfterSuccess(null, new(SkipHours: 0xFFFFFF)).Next - _clock.GetUtcNow(), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(33));
    }

    [Fact]
    public void Errors_back_off_exponentially_up_to_the_cap_and_honour_retry_after()
    {
        var plans = Enumerable.Range(1, 40).Select(n => Schedule.AfterError(n, null)).ToList();
        Assert.Equal(TimeSpan.FromMinutes(10), plans[0].Interval);
        Assert.Equal(TimeSpan.FromMinutes(20), plans[1].Interval);
        Assert.Equal(TimeSpan.FromMinutes(40), plans[2].Interval);
        Assert.Equal(TimeSpan.FromDays(1), plans[^1].Interval);
        Assert.True(plans.Zip(plans.Skip(1)).All(p => p.Second.Interval >= p.First.Interval));
        // Never a permanent stop: even the 40th error is retried within the cap plus jitter.
        Assert.InRange(plans[^1].Next - _clock.GetUtcNow(), TimeSpan.FromDays(1), TimeSpan.FromDays(1.1));
        Assert.Equal(TimeSpan.FromHours(3), Schedule.AfterError(1, TimeSpan.FromHours(3)).Interval);
        Assert.Equal(TimeSpan.FromDays(1), Schedule.AfterError(1, TimeSpan.FromDays(30)).Interval);
    }
}
