using FeedAggregator.Digest;

namespace FeedAggregator.Core.Tests.Digest;

public sealed class DigestScheduleTests
{
    private static DigestSchedule Schedule(string zone, string time = "07:00", string? days = null) =>
        new(new DigestOptions { TimeZone = zone, Time = time, Days = days });

    [Theory]
    // Europe/London: BST ends Sun 25 Oct 2026 (UTC+1 → UTC+0), starts Sun 29 Mar 2026.
    [InlineData("Europe/London", "2026-10-24T06:00:00Z", "2026-10-25T07:00:00Z", "2026-10-26T07:00:00Z")]
    [InlineData("Europe/London", "2026-03-28T07:00:00Z", "2026-03-29T06:00:00Z", "2026-03-30T06:00:00Z")]
    // America/New_York: EDT ends Sun 1 Nov 2026 (UTC-4 → UTC-5), starts Sun 8 Mar 2026.
    [InlineData("America/New_York", "2026-10-31T11:00:00Z", "2026-11-01T12:00:00Z", "2026-11-02T12:00:00Z")]
    [InlineData("America/New_York", "2026-03-07T12:00:00Z", "2026-03-08T11:00:00Z", "2026-03-09T11:00:00Z")]
    public void Seven_oclock_local_stays_seven_oclock_across_a_DST_change(string zone, string before, string day, string after)
    {
        var s = Schedule(zone);
        var first = DateTimeOffset.Parse(before);
        var times = s.Between(first.AddMinutes(-1), DateTimeOffset.Parse(after)).ToList();
        Assert.Equal([first, DateTimeOffset.Parse(day), DateTimeOffset.Parse(after)], times);
        Assert.All(times, t => Assert.Equal(new TimeOnly(7, 0), TimeOnly.FromDateTime(s.ToLocal(t).DateTime)));
    }

    [Fact]
    public void Last_and_next_around_an_instant()
    {
        var s = Schedule("Europe/London", "07:30");
        var now = DateTimeOffset.Parse("2026-11-24T12:00:00Z");
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T07:30:00Z"), s.LastAtOrBefore(now));
        Assert.Equal(DateTimeOffset.Parse("2026-11-25T07:30:00Z"), s.NextAfter(now));
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T07:30:00Z"), s.LastAtOrBefore(DateTimeOffset.Parse("2026-11-24T07:30:00Z")));
    }

    [Fact]
    public void Weekdays_only_skips_the_weekend()
    {
        var s = Schedule("Europe/London", days: "MON-FRI");
        // Friday 27 Nov 2026 → Monday 30 Nov.
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T07:00:00Z"), s.NextAfter(DateTimeOffset.Parse("2026-11-27T08:00:00Z")));
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T07:00:00Z"), s.LastAtOrBefore(DateTimeOffset.Parse("2026-11-29T20:00:00Z")));
        Assert.Equal("0 0 7 ? * MON,TUE,WED,THU,FRI", s.CronExpression);
        Assert.Equal("0 15 18 ? * *", Schedule("UTC", "18:15").CronExpression);
        Assert.Equal("0 0 7 ? * SUN,SAT", Schedule("UTC", days: "sat-sun").CronExpression);
    }

    [Fact]
    public void A_time_skipped_by_spring_forward_fires_once_an_hour_later_and_a_repeated_one_fires_once()
    {
        var s = Schedule("Europe/London", "01:30");
        // 29 Mar 2026: 01:00 GMT jumps to 02:00 BST; 01:30 does not exist → 02:30 BST = 01:30 UTC.
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:30:00Z"), s.NextAfter(DateTimeOffset.Parse("2026-03-29T00:00:00Z")));
        // 25 Oct 2026: 01:30 happens twice (BST, then GMT) → the first, 00:30 UTC; the next is a day later.
        var fall = s.NextAfter(DateTimeOffset.Parse("2026-10-24T23:00:00Z"));
        Assert.Equal(DateTimeOffset.Parse("2026-10-25T00:30:00Z"), fall);
        Assert.Equal(DateTimeOffset.Parse("2026-10-26T01:30:00Z"), s.NextAfter(fall));
    }

    [Fact]
    public void Bad_settings_say_which_key_is_wrong()
    {
        Assert.Contains("Digest:TimeZone", Assert.Throws<FormatException>(() => Schedule("Mars/Olympus")).Message);
        Assert.Contains("Digest:Time", Assert.Throws<FormatException>(() => Schedule("UTC", "7am")).Message);
        Assert.Contains("Digest:Days", Assert.Throws<FormatException>(() => Schedule("UTC", days: "Funday")).Message);
    }
}
