using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FeedAggregator.Dedupe;

/// <summary>
/// Lexical similarity of title + summary: the signature is the shingle set with a MinHash sketch
/// (used by <see cref="StoryIndex"/> to find candidates in sub-linear time); the score is the exact
/// Jaccard similarity of the two shingle sets, scaled down when the headlines conflict (<see cref="ConflictingSpecifics"/>). The exact score costs one merge of two short sorted
/// arrays per candidate and removes the sketch's sampling noise (±0.04 at 128 hashes), which
/// matters right at the threshold. Thread-safe: immutable after construction.
/// </summary>
public sealed class MinHashSimilarity : IStorySimilarity
{
    public const int DefaultHashCount = 128;

    // Hash function i maps an element (a 32-bit word hash, x), to v = x*A[i] + B[i] mod 2^32 with odd A[i]
    // (a permutation of the 32-bit values), then v ^ (v >> 15) so that high and low bits both mix. All in
    // 32-bit lanes so that 8 hash functions run per AVX2 instruction. Seeds are fixed: sketches are reproducible.
    private readonly uint[] _multipliers;
    private readonly uint[] _addends;

    /// <param name="conflictFactor">How much of the score a pair with conflicting specifics keeps
    /// (<see cref="StoriesOptions.ConflictFactor"/>).</param>
    public MinHashSimilarity(int hashCount = DefaultHashCount, double conflictFactor = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hashCount, 1);
        ConflictFactor = conflictFactor;
        _multipliers = new uint[hashCount];
        _addends = new uint[hashCount];
        var seed = 0x5DEECE66DUL;
        for (var i = 0; i < hashCount; i++)
        {
            _multipliers[i] = (uint)Hashing.Mix(seed += 0x9E3779B97F4A7C15UL) | 1;
            _addends[i] = (uint)Hashing.Mix(seed += 0x9E3779B97F4A7C15UL);
        }
    }

    public int HashCount => _multipliers.Length;

    public StorySignature CreateSignature(string? title, string? summary)
    {
        var features = TextShingles.Extract(title, summary);
        return new StorySignature(features, features.Shingles.Length == 0 ? [] : Sketch(features.Shingles));
    }

    public double Similarity(StorySignature a, StorySignature b)
    {
        var jaccard = Jaccard(a.Shingles, b.Shingles);
        return ConflictingSpecifics(a, b) ? jaccard * ConflictFactor : jaccard;
    }

    /// <summary>
    /// Two headlines that each state a number or name the other article never mentions ("Hurricane
    /// Milton makes landfall" / "Hurricane Helene makes landfall", "kill at least 40" / "at least 50")
    /// most likely report different events in the same words. Only one-sided omissions are normal in
    /// paraphrases, so both sides must disagree. The score is scaled, not zeroed: an agency update
    /// that corrects a figure keeps almost all of its text and still matches.
    /// </summary>
    internal static bool ConflictingSpecifics(StorySignature a, StorySignature b) =>
        HasUnmentioned(a.TitleSpecifics, b.Mentions) && HasUnmentioned(b.TitleSpecifics, a.Mentions);

    /// <summary>How much of the Jaccard score a pair with conflicting specifics keeps.</summary>
    public double ConflictFactor { get; }

    private static bool HasUnmentioned(uint[] specifics, uint[] otherMentions)
    {
        foreach (var specific in specifics)
        {
            if (Array.BinarySearch(otherMentions, specific) < 0) return true;
        }
        return false;
    }

    /// <summary>|A ∩ B| / |A ∪ B| of two sorted distinct arrays; 0 when both are empty.</summary>
    internal static double Jaccard(uint[] a, uint[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        var common = 0;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { common++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return (double)common / (a.Length + b.Length - common);
    }

    private uint[] Sketch(uint[] shingles)
    {
        var count = _multipliers.Length;
        var minimums = new uint[count];
        Array.Fill(minimums, uint.MaxValue);
        var vectors = Vector256.IsHardwareAccelerated ? count / Vector256<uint>.Count : 0;
        var multipliers = MemoryMarshal.Cast<uint, Vector256<uint>>(_multipliers.AsSpan())[..vectors];
        var addends = MemoryMarshal.Cast<uint, Vector256<uint>>(_addends.AsSpan())[..vectors];
        var vectorMinimums = MemoryMarshal.Cast<uint, Vector256<uint>>(minimums.AsSpan())[..vectors];
        var scalarStart = vectors * Vector256<uint>.Count;
        foreach (var element in shingles)
        {
            var x = element;
            var broadcast = Vector256.Create(x);
            for (var v = 0; v < vectorMinimums.Length; v++)
            {
                var hashed = broadcast * multipliers[v] + addends[v];
                vectorMinimums[v] = Vector256.Min(vectorMinimums[v], hashed ^ Vector256.ShiftRightLogical(hashed, 15));
            }
            for (var i = scalarStart; i < count; i++)
            {
                var hashed = x * _multipliers[i] + _addends[i];
                minimums[i] = Math.Min(minimums[i], hashed ^ (hashed >> 15));
            }
        }
        return minimums;
    }
}
