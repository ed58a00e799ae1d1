namespace FeedAggregator.Feeds;

/// <summary>The database stores instants as UTC Unix milliseconds; these convert at the edges.</summary>
public static class UnixTime
{
    public static long ToMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();
    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
