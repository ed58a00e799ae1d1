namespace FeedAggregator.Dedupe;

/// <summary>
/// Fast, deterministic, non-cryptographic 64-bit hashing of words (FNV-1a over UTF-16 code units,
/// then a full-avalanche finalizer so that every output bit depends on every input bit, which
/// MinHash and LSH banding rely on). Deterministic across processes and runs, unlike string.GetHashCode.
/// </summary>
internal static class Hashing
{
    public static ulong Hash(ReadOnlySpan<char> text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }
        return Mix(hash);
    }

    /// <summary>A 64-bit hash folded to 32 bits. Signatures keep 32-bit values: half the memory of the story index,
    /// and MinHash mixes in 32-bit lanes anyway; two words of two articles collide once in billions of pairs.</summary>
    public static uint Fold(ulong hash) => (uint)(hash ^ (hash >> 32));

    /// <summary>The SplitMix64/MurmurHash3 fmix64 finalizer.</summary>
    public static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }
}
