namespace FeedAggregator.Store;

/// <summary>Configuration section "Retention".</summary>
public sealed class RetentionOptions
{
    /// <summary>Articles first seen longer ago than this many days are deleted nightly (with stories left empty),
    /// and entries published before that are not stored again. 0 keeps everything.</summary>
    public int Days { get; set; } = 90;

    /// <summary>When the nightly clean-up runs, in the machine's time zone.</summary>
    public TimeSpan At { get; set; } = new(3, 30, 0);
}
