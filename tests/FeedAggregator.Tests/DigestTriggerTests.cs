using FeedAggregator.Digest;
using FeedAggregator.Setup;
using Quartz;

namespace FeedAggregator.Tests;

/// <summary>The Quartz cron trigger the service registers fires exactly when DigestSchedule (used for catch-up)
/// says a digest is due, across DST changes.</summary>
public sealed class DigestTriggerTests
{
    [Theory]
    [InlineData("Europe/London", "07:00", null, "2026-03-25T00:00:00Z")]
    [InlineData("Europe/London", "07:00", null, "2026-10-21T00:00:00Z")]
    [InlineData("America/New_York", "07:00", null, "2026-03-05T00:00:00Z")]
    [InlineData("America/New_York", "07:00", "MON-FRI", "2026-10-28T00:00:00Z")]
    [InlineData("Europe/London", "01:30", null, "2026-10-22T00:00:00Z")]
    public void Quartz_fire_times_match_the_schedule(string zone, string time, string? days, string from)
    {
        var schedule = new DigestSchedule(new DigestOptions { TimeZone = zone, Time = time, Days = days });
        var start = DateTimeOffset.Parse(from);
        var trigger = TriggerBuilder.Create().WithSchedule(DigestSetup.DailyCron(schedule)).StartAt(start).Build();

        var quartz = new List<DateTimeOffset>();
        for (var t = trigger.GetFireTimeAfter(start); t is { } at && quartz.Count < 10; t = trigger.GetFireTimeAfter(at)) quartz.Add(at);
        var ours = new List<DateTimeOffset>();
        for (var t = schedule.NextAfter(start); ours.Count < 10; t = schedule.NextAfter(t)) ours.Add(t);

        Assert.Equal(ours, quartz);
    }
}
