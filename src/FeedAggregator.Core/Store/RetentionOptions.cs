namespace FeedAggregator.Store;

/// <summary>Configuration section "Retention".</summary>
public sealed class RetentionOptions
{
    /// <summary>Articles first seen longer ago than this many days are deleted nightly (with stories left empty),
    /// except each feed's newest <see cref="KeepPerFeed"/>. 0 keeps everything.</summary>
    public int Days { get; set; } = 90;

    /// <summary>The newest entries of every feed kept whatever their age, so a quiet blog never shows empty.</summary>
    public int KeepPerFeed { get; set; } = 50;

    /// <summary>When the nightly clean-up runs, in the machine's time zone.</summary>
    public TimeSpan At { get; set; } = new(3, 30, 0);
}
