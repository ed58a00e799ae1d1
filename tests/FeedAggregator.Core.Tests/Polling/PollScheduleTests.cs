using FeedAggregator.Polling;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Core.Tests.Polling;

public sealed class PollScheduleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly PollingOptions _o = new() { Interval = TimeSpan.FromMinutes(30), MinInterval = TimeSpan.FromMinutes(10), MaxInterval = TimeSpan.FromHours(12), MaxBackoff = TimeSpan.FromDays(1) };
    private PollSchedule Schedule => new(Options.Create(_o), _clock);

    [Fact]
    public void Publisher_hints_only_lengthen_the_interval()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), Schedule.AfterSuccess(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)).Interval);
        var (_, interval, reason) = Schedule.AfterSuccess(TimeSpan.FromHours(2), null);
        Assert.Equal((TimeSpan.FromHours(2), "RSS ttl"), (interval, reason));
        Assert.Equal(TimeSpan.FromHours(12), Schedule.AfterSuccess(TimeSpan.FromDays(3), null).Interval);
    }

    [Fact]
    public void Next_poll_is_jittered_within_ten_percent()
    {
        for (var i = 0; i < 50; i++)
        {
            var (next, _, _) = Schedule.AfterSuccess(null, null);
            var wait = next - _clock.GetUtcNow();
            Assert.InRange(wait, TimeSpan.FromMinutes(27), TimeSpan.FromMinutes(33));
        }
    }

    [Fact]
    public void Errors_back_off_exponentially_up_to_the_cap_and_honour_retry_after()
    {
        var waits = Enumerable.Range(1, 12).Select(n => Schedule.AfterError(n, null).Interval).ToList();
        Assert.Equal(TimeSpan.FromMinutes(10), waits[0]);
        Assert.Equal(TimeSpan.FromMinutes(20), waits[1]);
        Assert.Equal(TimeSpan.FromMinutes(40), waits[2]);
        Assert.Equal(TimeSpan.FromDays(1), waits[^1]);
        Assert.True(waits.Zip(waits.Skip(1)).All(p => p.Second >= p.First));
        Assert.Equal(TimeSpan.FromHours(3), Schedule.AfterError(1, TimeSpan.FromHours(3)).Interval);
    }
}
