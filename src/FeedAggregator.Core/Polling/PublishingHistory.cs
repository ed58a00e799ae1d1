namespace FeedAggregator.Polling;

/// <summary>How often a feed publishes, from the dates of its newest entries: the interval to poll it at
/// before bounds and publisher hints.</summary>
public static class PublishingHistory
{
    /// <summary>The median gap between the newest <paramref name="take"/> distinct entry dates (the median, so that
    /// one burst or one long holiday does not decide), lengthened to half the time since the newest entry when the
    /// feed has gone quiet for longer than its usual gap. Null with fewer than three dated entries: too little to go on.</summary>
    public static TimeSpan? Interval(IEnumerable<DateTimeOffset> entryDates, DateTimeOffset now, int take)
    {
        // A future date (a scheduled post, a wrong clock) counts as now, as the merged feed does.
        var dates = entryDates.Select(d => d > now ? now : d).Distinct().OrderDescending().Take(Math.Max(3, take)).ToList();
        if (dates.Count < 3) return null;
        var gaps = dates.Zip(dates.Skip(1), (newer, older) => newer - older).Order().ToList();
        var median = gaps.Count % 2 == 1 ? gaps[gaps.Count / 2] : (gaps[gaps.Count / 2 - 1] + gaps[gaps.Count / 2]) / 2;
        var quiet = (now - dates[0]) / 2;
        return quiet > median ? quiet : median;
    }
}
