using FeedAggregator.Polling;

namespace FeedAggregator.Core.Tests.Polling;

public sealed class PublishingHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_feed_posting_every_two_hours_is_polled_every_two_hours()
    {
        var dates = Enumerable.Range(0, 10).Select(i => Now.AddMinutes(-30).AddHours(-2 * i));
        Assert.Equal(TimeSpan.FromHours(2), PublishingHistory.Interval(dates, Now, 20));
    }

    [Fact]
    public void The_median_ignores_one_burst_and_one_long_pause()
    {
        var dates = new[] { 0, 1, 2, 3, 4, 5, 6 }.Select(h => Now.AddHours(-h))
            .Append(Now.AddHours(-6).AddMinutes(-1))   // a burst: two posts a minute apart
            .Append(Now.AddDays(-5));                   // a holiday
        Assert.Equal(TimeSpan.FromHours(1), PublishingHistory.Interval(dates, Now, 20));
    }

    [Fact]
    public void A_feed_gone_quiet_is_polled_less_often()
    {
        // Used to post hourly, nothing for two days: half the quiet time.
        var dates = Enumerable.Range(0, 10).Select(i => Now.AddDays(-2).AddHours(-i));
        Assert.Equal(TimeSpan.FromDays(1), PublishingHistory.Interval(dates, Now, 20));
    }

    [Fact]
    public void Only_the_newest_entries_count_and_too_few_dates_give_no_estimate()
    {
        var old = Enumerable.Range(0, 50).Select(i => Now.AddDays(-10).AddDays(-i));
        var recent = Enumerable.Range(0, 20).Select(i => Now.AddMinutes(-15 * i));
        Assert.Equal(TimeSpan.FromMinutes(15), PublishingHistory.Interval(old.Concat(recent), Now, 20));
        Assert.Null(PublishingHistory.Interval([Now, Now.AddHours(-1)], Now, 20));
        Assert.Null(PublishingHistory.Interval([Now, Now, Now, Now], Now, 20));
    }

    [Fact]
    public void Future_dates_count_as_now()
    {
        var dates = new[] { Now.AddDays(3), Now.AddHours(-1), Now.AddHours(-2), Now.AddHours(-3) };
        Assert.Equal(TimeSpan.FromHours(1), PublishingHistory.Interval(dates, Now, 20));
    }
}
