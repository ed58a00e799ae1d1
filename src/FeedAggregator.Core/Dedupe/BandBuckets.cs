namespace FeedAggregator.Dedupe;

/// <summary>
/// The LSH buckets of <see cref="StoryIndex"/>: band key → the articles with that band. One article sits in every
/// band (48 by default) and most buckets hold a single article, so the per-bucket cost decides the index's memory:
/// an open-addressing table (linear probing) of key and chain head, 8 bytes a slot, and the chains as nodes in two
/// parallel arrays, 12 bytes a node. A Dictionary cost twice that, a List per bucket more than the article itself.
/// </summary>
internal sealed class BandBuckets<T>(int maxBucketSize) where T : class
{
    private const int None = -1;
    private const int InitialSlots = 1024;

    // Slot i is empty when _heads[i] == None; otherwise _keys[i] is its band key and _heads[i] its first node.
    private uint[] _keys = new uint[InitialSlots];
    private int[] _heads = Empty(InitialSlots);
    private int _shift = 32 - 10; // log2(slots)
    private int _buckets;

    private T?[] _items = new T?[InitialSlots];
    private int[] _next = new int[InitialSlots];
    private int _used;
    private int _free = None;

    public int BucketCount => _buckets;

    /// <summary>Adds <paramref name="item"/> to bucket <paramref name="key"/> unless the bucket is full.</summary>
    public void Add(uint key, T item)
    {
        var slot = Find(key);
        if (_heads[slot] == None)
        {
            // At most 3/4 full: linear probing stays short.
            if ((_buckets + 1) * 4 > _keys.Length * 3)
            {
                Grow();
                slot = Find(key);
            }
            _keys[slot] = key;
            _buckets++;
        }
        else if (IsFull(_heads[slot])) return;
        var node = Allocate();
        _items[node] = item;
        _next[node] = _heads[slot];
        _heads[slot] = node;
    }

    public void Remove(uint key, T item)
    {
        var slot = Find(key);
        if (_heads[slot] == None) return;
        var previous = None;
        for (var node = _heads[slot]; node != None; previous = node, node = _next[node])
        {
            if (!ReferenceEquals(_items[node], item)) continue;
            var following = _next[node];
            if (previous != None) _next[previous] = following;
            else _heads[slot] = following;
            _items[node] = null;
            _next[node] = _free;
            _free = node;
            if (_heads[slot] == None) Vacate(slot);
            return;
        }
    }

    /// <summary>Calls <paramref name="visit"/> for each item of bucket <paramref name="key"/>.</summary>
    public void ForEach<TState>(uint key, ref TState state, Visitor<TState> visit)
    {
        for (var node = _heads[Find(key)]; node != None; node = _next[node]) visit(_items[node]!, ref state);
    }

    public delegate void Visitor<TState>(T item, ref TState state);

    /// <summary>The slot holding <paramref name="key"/>, or the empty slot where it would go.</summary>
    private int Find(uint key)
    {
        var mask = _keys.Length - 1;
        var slot = Home(key);
        while (_heads[slot] != None && _keys[slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    // Fibonacci hashing: the top bits of key × 2^32/φ.
    private int Home(uint key) => (int)((key * 2654435769u) >> _shift);

    private bool IsFull(int head)
    {
        var length = 0;
        for (var node = head; node != None; node = _next[node])
        {
            if (++length >= maxBucketSize) return true;
        }
        return false;
    }

    /// <summary>Empties <paramref name="slot"/> by shifting later entries of its probe run back, so that no
    /// lookup stops early at a hole (no tombstones to clean up).</summary>
    private void Vacate(int slot)
    {
        var mask = _keys.Length - 1;
        var hole = slot;
        for (var i = (hole + 1) & mask; _heads[i] != None; i = (i + 1) & mask)
        {
            var home = Home(_keys[i]);
            // The entry at i may move into the hole only if its home is not in the cyclic range (hole, i].
            var stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (stays) continue;
            _keys[hole] = _keys[i];
            _heads[hole] = _heads[i];
            hole = i;
        }
        _heads[hole] = None;
        _buckets--;
    }

    private void Grow()
    {
        var keys = _keys;
        var heads = _heads;
        _keys = new uint[keys.Length * 2];
        _heads = Empty(keys.Length * 2);
        _shift--;
        for (var i = 0; i < keys.Length; i++)
        {
            if (heads[i] == None) continue;
            var slot = Find(keys[i]);
            _keys[slot] = keys[i];
            _heads[slot] = heads[i];
        }
    }

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

    private static int[] Empty(int length)
    {
        var heads = new int[length];
        Array.Fill(heads, None);
        return heads;
    }
}
