namespace FeedAggregator.Publish;

/// <summary>When this process started serving: the updated time of a feed that has nothing in it yet.</summary>
public sealed record ServiceStart(DateTimeOffset At);
