using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FeedAggregator.Dedupe;

/// <summary>
/// The LSH buckets of <see cref="StoryIndex"/>: band key → the articles with that band, as chains
/// of nodes in two parallel arrays. One article sits in every band (48 by default), so a List per
/// bucket would cost more than the article itself; a node costs 12 bytes plus its dictionary entry.
/// </summary>
internal sealed class BandBuckets<T>(int maxBucketSize) where T : class
{
    private const int None = -1;

    // Per bucket: its first node and its length, so that neither adding nor the size cap walks the chain.
    private readonly Dictionary<uint, (int Head, int Length)> _heads = new();
    private T?[] _items = new T?[1024];
    private int[] _next = new int[1024];
    private int _used;
    private int _free = None;

    public int BucketCount => _heads.Count;

    /// <summary>Adds <paramref name="item"/> to bucket <paramref name="key"/> unless the bucket is full.</summary>
    public void Add(uint key, T item)
    {
        ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(_heads, key, out var exists);
        if (!exists) bucket = (None, 0);
        else if (bucket.Length >= maxBucketSize) return;
        var node = Allocate();
        _items[node] = item;
        _next[node] = bucket.Head;
        bucket = (node, bucket.Length + 1);
    }

    public void Remove(uint key, T item)
    {
        ref var bucket = ref CollectionsMarshal.GetValueRefOrNullRef(_heads, key);
        if (Unsafe.IsNullRef(ref bucket)) return;
        var previous = None;
        for (var node = bucket.Head; node != None; previous = node, node = _next[node])
        {
            if (!ReferenceEquals(_items[node], item)) continue;
            var following = _next[node];
            if (previous != None) _next[previous] = following;
            else bucket.Head = following;
            if (--bucket.Length == 0) _heads.Remove(key);
            _items[node] = null;
            _next[node] = _free;
            _free = node;
            return;
        }
    }

    /// <summary>Calls <paramref name="visit"/> for each item of bucket <paramref name="key"/>.</summary>
    public void ForEach<TState>(uint key, ref TState state, Visitor<TState> visit)
    {
        if (!_heads.TryGetValue(key, out var bucket)) return;
        for (var node = bucket.Head; node != None; node = _next[node]) visit(_items[node]!, ref state);
    }

    public delegate void Visitor<TState>(T item, ref TState state);

    private int Allocate()
    {
        if (_free != None)
        {
            var node = _free;
            _free = _next[node];
            return node;
        }
        if (_used == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
            Array.Resize(ref _next, _next.Length * 2);
        }
        return _used++;
    }
}
