using FeedAggregator.Dedupe;

namespace FeedAggregator.Core.Tests.Dedupe;

public class BandBucketsTests
{
    private sealed class Item(int id)
    {
        public int Id { get; } = id;
    }

    private static List<int> Members(BandBuckets<Item> buckets, uint key)
    {
        var found = new List<int>();
        buckets.ForEach(key, ref found, static (item, ref list) => list.Add(item.Id));
        found.Sort();
        return found;
    }

    [Fact]
    public void Random_adds_and_removes_agree_with_a_dictionary_of_lists()
    {
        // Few distinct keys, many operations: long probe runs, growth past the first table, removals that empty
        // buckets in the middle of a run (the backward shift), and slots reused.
        var random = new Random(7);
        var buckets = new BandBuckets<Item>(maxBucketSize: 1000);
        var model = new Dictionary<uint, List<Item>>();
        var items = Enumerable.Range(0, 4000).Select(i => new Item(i)).ToArray();
        var keyOf = new Dictionary<Item, uint>();
        for (var step = 0; step < 60_000; step++)
        {
            var item = items[random.Next(items.Length)];
            if (keyOf.Remove(item, out var key))
            {
                buckets.Remove(key, item);
                model[key].Remove(item);
                if (model[key].Count == 0) model.Remove(key);
            }
            else
            {
                key = (uint)random.Next(3000) * 7919u;
                keyOf[item] = key;
                buckets.Add(key, item);
                (model.TryGetValue(key, out var list) ? list : model[key] = []).Add(item);
            }
            if (step % 5000 == 0 || step == 59_999)
            {
                Assert.Equal(model.Count, buckets.BucketCount);
                foreach (var (k, list) in model) Assert.Equal(list.Select(i => i.Id).Order(), Members(buckets, k));
                for (uint k = 1; k < 3000 * 7919u; k += 7919u * 13 + 1) if (!model.ContainsKey(k)) Assert.Empty(Members(buckets, k));
            }
        }
        Assert.True(model.Count > 1000, $"the table grew past its first size ({model.Count} buckets)");
    }

    [Fact]
    public void A_full_bucket_takes_no_more_items_and_takes_them_again_after_a_removal()
    {
        var buckets = new BandBuckets<Item>(maxBucketSize: 3);
        var items = Enumerable.Range(0, 5).Select(i => new Item(i)).ToArray();
        foreach (var item in items) buckets.Add(42, item);
        Assert.Equal([0, 1, 2], Members(buckets, 42));
        buckets.Remove(42, items[1]);
        buckets.Add(42, items[4]);
        Assert.Equal([0, 2, 4], Members(buckets, 42));
        buckets.Remove(42, items[3]); // never added: nothing happens
        Assert.Equal([0, 2, 4], Members(buckets, 42));
    }
}
