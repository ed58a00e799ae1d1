namespace FeedAggregator.Dedupe;

/// <summary>A story's key, from its first article: stable across `stories rebuild` (both parts are stored with the
/// article), and in arrival order, so that new keys go to the end of the unique index instead of a random page of it
/// (a random page costs a WAL frame per new story at commit). The merged feed shows an article waiting for the story
/// stage under the key its own story will get, so its entry id does not change when the stage gets to it.</summary>
public static class StoryKey
{
    public static string For(long firstSeenAtMs, string feedUrl, string entryKey) =>
        $"t{firstSeenAtMs:x11}-{EntryIdentity.Hash(feedUrl, entryKey).AsSpan(0, 16)}";
}
