namespace FeedAggregator.Digest;

/// <summary>Configuration section "Digest".</summary>
public sealed class DigestOptions
{
    public const string SectionName = "Digest";

    /// <summary>Local time of day the digest is built, "HH:mm".</summary>
    public string Time { get; set; } = "07:00";

    /// <summary>An IANA time zone id (e.g. "Europe/London"); empty means the machine's zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Days of the week it is built, Quartz cron style: "MON-FRI", "MON,WED,FRI"; empty means every day.</summary>
    public string? Days { get; set; }

    /// <summary>Recipients; empty means the digest is only published (/digest.atom, /digests/...).</summary>
    public List<string> To { get; set; } = [];

    public string From { get; set; } = "FeedAggregator <feedagg@localhost>";

    /// <summary>Stories shown in full in one email (top stories included); the rest of each section becomes an
    /// "and N more" link to that section of the digest's web page, which lists everything.</summary>
    public int MaxItems { get; set; } = 40;

    /// <summary>The order of the category sections after the top stories; categories not listed follow, the ones with
    /// the most stories first.</summary>
    public List<string> Sections { get; set; } = [];

    /// <summary>How many multi-source stories go under "Top stories".</summary>
    public int TopStories { get; set; } = 5;

    /// <summary>Build and send a digest even when nothing new arrived.</summary>
    public bool SendEmpty { get; set; }

    /// <summary>What a service that was down at the scheduled time does when it comes back.</summary>
    public DigestCatchUp CatchUp { get; set; } = DigestCatchUp.Latest;

    /// <summary>How often due and failed deliveries are (re)tried.</summary>
    public TimeSpan RetryTick { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait after a failed send; doubled per failure up to <see cref="MaxRetryBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A feed with no new article for this long is listed as silent in the footer.</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromDays(7);
}

public enum DigestCatchUp
{
    /// <summary>One digest covering everything up to the most recent missed time.</summary>
    Latest,
    /// <summary>One digest per missed scheduled time (at most a week's worth).</summary>
    Each,
    /// <summary>Nothing at start; the next scheduled digest covers the missed time too.</summary>
    Skip,
}
