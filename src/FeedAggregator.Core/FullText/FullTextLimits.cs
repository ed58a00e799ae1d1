namespace FeedAggregator.FullText;

/// <summary>Article pages fetched at once (Polling:FullTextConcurrency), apart from the feeds' own polling slots.</summary>
public static class FullTextLimits
{
    /// <summary>Attempts at one page before its summary is kept for good.</summary>
    public const int MaxAttempts = 3;
    /// <summary>Pages claimed per run of the job.</summary>
    public const int Batch = 64;
}
