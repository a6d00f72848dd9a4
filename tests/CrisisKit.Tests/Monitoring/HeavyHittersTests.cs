using CrisisKit.Monitoring;

namespace CrisisKit.Tests.Monitoring;

public class HeavyHittersTests
{
    [Fact]
    public void Counts_are_exact_while_keys_fit()
    {
        var sketch = new HeavyHitters<string, int>(4);
        foreach (var key in "aababcabcd".Select(c => c.ToString()))
        {
            sketch.Add(key, 0);
        }

        sketch.Top(4).Select(t => (t.Key, t.Count, t.Error)).Should().Equal(("a", 4, 0), ("b", 3, 0), ("c", 2, 0), ("d", 1, 0));
    }

    [Fact]
    public void Frequent_keys_survive_a_long_tail_of_rare_ones()
    {
        var sketch = new HeavyHitters<int, int>(10);
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var key = i % 5 == 0 ? 1 : i % 7 == 0 ? 2 : 100 + random.Next(50_000);
            sketch.Add(key, 0);
        }

        var top = sketch.Top(2).ToList();
        top.Select(t => t.Key).Should().Equal(1, 2);
        top[0].Count.Should().BeGreaterThanOrEqualTo(4000);
        (top[0].Count - top[0].Error).Should().BeLessThanOrEqualTo(4000, "count minus error is a lower bound of the true count");
    }
}
