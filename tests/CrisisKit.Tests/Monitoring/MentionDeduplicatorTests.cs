using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CsCheck;

namespace CrisisKit.Tests.Monitoring;

public class MentionDeduplicatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Answers_as_a_set_forgetting_the_oldest_first_by_count_and_by_window()
    {
        // Few distinct ids (so repeats are common, also after a key was forgotten), fresh string instances for equal
        // ids, timestamps that step back as well as forward, and capacities from 1 to past the table's first growth.
        var step = Gen.Select(Gen.Int[0, 40], Gen.Int[-120, 600], Gen.Bool);
        Gen.Select(Gen.Int[1, 80], Gen.Int[1, 3_600], step.Array[1, 600]).Sample((capacity, windowSeconds, steps) =>
        {
            var window = TimeSpan.FromSeconds(windowSeconds);
            var deduplicator = new MentionDeduplicator(window, capacity);
            var model = new Model(window, capacity);
            var time = Start;
            var watermark = Start;
            foreach (var (id, seconds, otherPlatform) in steps)
            {
                time += TimeSpan.FromSeconds(seconds);
                watermark = time > watermark ? time : watermark;
                var key = new MentionKey(otherPlatform ? "bluesky" : "twitter", new string([.. $"id-{id}"]));
                if (deduplicator.TryAdd(key, time, watermark) != model.TryAdd(key, time, watermark))
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public void Keeps_a_large_window_exactly_and_forgets_past_its_capacity()
    {
        var deduplicator = new MentionDeduplicator(TimeSpan.FromDays(1), 10_000);
        for (var i = 0; i < 25_000; i++)
        {
            deduplicator.TryAdd(new MentionKey("twitter", $"{i}"), Start, Start).Should().BeTrue();
        }

        // Each call first makes room for one more key: this one forgets 15000, the oldest of the newest 10,000.
        deduplicator.TryAdd(new MentionKey("twitter", "24999"), Start, Start).Should().BeFalse("the newest keys are kept");
        deduplicator.TryAdd(new MentionKey("twitter", "15001"), Start, Start).Should().BeFalse();
        deduplicator.TryAdd(new MentionKey("twitter", "15000"), Start, Start).Should().BeTrue("older keys were forgotten, oldest first");
    }

    [Fact]
    public void A_capacity_of_zero_remembers_nothing()
    {
        var deduplicator = new MentionDeduplicator(TimeSpan.FromDays(1), 0);
        var key = new MentionKey("twitter", "1");

        deduplicator.TryAdd(key, Start, Start).Should().BeTrue();
        deduplicator.TryAdd(key, Start, Start).Should().BeTrue();
    }

    /// <summary>The rule stated plainly: a set of keys and a queue in arrival order, the oldest forgotten first.</summary>
    private sealed class Model(TimeSpan window, int capacity)
    {
        private readonly HashSet<MentionKey> _seen = [];
        private readonly Queue<(MentionKey Key, DateTimeOffset Timestamp)> _order = new();

        public bool TryAdd(MentionKey key, DateTimeOffset timestamp, DateTimeOffset watermark)
        {
            while (_order.Count > 0 && (_order.Count >= capacity || _order.Peek().Timestamp < watermark - window))
            {
                _seen.Remove(_order.Dequeue().Key);
            }

            if (!_seen.Add(key))
            {
                return false;
            }

            _order.Enqueue((key, timestamp));
            return true;
        }
    }
}
