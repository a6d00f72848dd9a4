using CrisisKit.Aggregation;
using CrisisKit.Categories;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Mentions;
using CrisisKit.Sentiment;
using static CrisisKit.Tests.TestMentions;

namespace CrisisKit.Tests.Aggregation;

public class SubjectSeriesTests
{
    private static readonly SentimentScore Negative = new(-0.6, 0, 0.6, 0.4);
    private static readonly SentimentScore Positive = new(0.5, 0.5, 0, 0.5);

    private static SubjectSeries NewSeries(DetectionOptions? options = null) => new("acme", options ?? new DetectionOptions(), ["acme"]);

    [Fact]
    public void A_bucket_adds_up_volume_negatives_sentiment_reach_authors_shares_and_replies()
    {
        var series = NewSeries();
        series.Add(Create("acme is broken", id: "1", handle: "ann", followers: 100, at: T0.AddMinutes(1)) with { Engagement = new MentionEngagement(0, 3, 0, 0) }, Negative);
        series.Add(Create("acme is great", id: "2", handle: "bob", followers: 50, at: T0.AddMinutes(2)) with { InReplyToId = "1" }, Positive);
        series.Add(Create("acme again", id: "3", handle: "ANN", followers: 100, at: T0.AddMinutes(3)) with { QuotedId = "2" }, Negative);

        series.TryCloseNext(series.ClosableThrough(T0.AddMinutes(6))).Should().BeTrue();

        series.Count.Should().Be(1);
        var bucket = series[0];
        (bucket with { SentimentSum = 0 }).Should().Be(new MentionBucket(T0, 3, 2, 0, 250, 2, 4, 1), "handles are compared without case; shares count engagement shares plus quotes");
        bucket.SentimentSum.Should().BeApproximately(-0.7, 1e-6, "sums are kept to float precision");
        series[0].NegativeShare.Should().BeApproximately(2 / 3.0, 1e-9);
        series.TopNegativeAuthor!.Handle.Should().Be("ann");
    }

    [Fact]
    public void Buckets_are_aligned_to_the_bucket_size_and_close_only_after_the_grace_period()
    {
        var series = NewSeries(new DetectionOptions { GracePeriod = TimeSpan.FromMinutes(2) });
        series.Add(Create("acme", at: T0.AddMinutes(4)), Positive);

        series.TryCloseNext(series.ClosableThrough(T0.AddMinutes(6))).Should().BeFalse("the 09:00 bucket ends at 09:05 and has two minutes' grace");
        series.Add(Create("acme late but within grace", id: "2", at: T0.AddMinutes(3)), Positive).Should().BeTrue();
        series.TryCloseNext(series.ClosableThrough(T0.AddMinutes(7))).Should().BeTrue();

        series[0].Start.Should().Be(T0);
        series[0].Mentions.Should().Be(2);
    }

    [Fact]
    public void A_mention_for_a_closed_bucket_is_counted_late_and_not_bucketed()
    {
        var series = NewSeries();
        series.Add(Create("acme", at: T0), Positive);
        series.TryCloseNext(series.ClosableThrough(T0.AddMinutes(10))).Should().BeTrue();

        series.Add(Create("acme old news", id: "2", at: T0.AddMinutes(1)), Positive).Should().BeFalse();

        series.LateMentions.Should().Be(1);
        series[0].Mentions.Should().Be(1, "a closed bucket never changes");
    }

    [Fact]
    public void Quiet_buckets_close_empty_and_history_is_bounded_by_the_options()
    {
        var options = new DetectionOptions { History = TimeSpan.FromDays(1) };
        var series = NewSeries(options);
        series.Add(Create("acme", at: T0), Positive);

        var through = series.ClosableThrough(T0.AddDays(3));
        while (series.TryCloseNext(through))
        {
        }

        series.Count.Should().Be(288);
        series.TotalBuckets.Should().Be((3 * 288) - 1);
        series.ToList().Should().OnlyContain(b => b.Mentions == 0, "the only busy bucket has left the one-day history");
    }

    [Fact]
    public void Crisis_category_cues_are_counted_for_the_newest_bucket()
    {
        var categorizer = new LexiconCrisisCategorizer(new CategorizerOptions());
        var series = NewSeries();
        foreach (var (text, i) in new[] { "acme phone battery caught fire", "acme charger overheated and melted", "acme is nice" }.Select((t, i) => (t, i)))
        {
            series.Add(Create(text, id: i.ToString(System.Globalization.CultureInfo.InvariantCulture), at: T0, language: "en"), Negative, categorizer.Categorize(text, "en"));
        }

        series.TryCloseNext(series.ClosableThrough(T0.AddMinutes(6)));

        series.CategoryMentions[(int)CrisisCategory.ProductSafety].Should().Be(2);
        series.CategoryMentions.ToArray().Sum().Should().Be(2);
    }

    [Fact]
    public void Emerging_topic_terms_leave_out_stop_words_links_handles_and_the_subjects_own_names()
    {
        var series = NewSeries();
        series.Add(Create("@acmecare the acme battery #BatteryGate exploded https://t.co/xyz", at: T0), Negative);
        series.TryCloseNext(series.ClosableThrough(T0.AddMinutes(6)));

        var terms = Enumerable.Range(0, series.Terms.Used).Select(series.Terms.TextOf).ToList();
        terms.Should().BeEquivalentTo(["battery", "#batterygate", "exploded"]);
    }

    [Fact]
    public void The_term_sketch_stays_within_its_capacity_and_keeps_frequent_terms()
    {
        var series = NewSeries(new DetectionOptions { TermSketchCapacity = 16 });
        for (var i = 0; i < 200; i++)
        {
            series.Add(Create($"acme outage word{i:D3}", id: i.ToString(System.Globalization.CultureInfo.InvariantCulture), at: T0), Negative);
        }

        series.Terms.Used.Should().Be(16);
        var terms = Enumerable.Range(0, series.Terms.Used).Select(series.Terms.TextOf).ToList();
        terms.Should().Contain("outage");
    }

    [Fact]
    public void A_weeks_state_fits_in_64_kilobytes_excluding_the_term_sketch()
    {
        var options = new DetectionOptions();

        // Once first, so one-time static tables (folding, stop words) are not counted.
        GC.KeepAlive(new SubjectSeries("warm-up", options, []));
        GC.KeepAlive(new CompositeCrisisDetector(options));
        GC.KeepAlive(new CandidateCorrelator("warm-up", options));
        GC.KeepAlive(new TermSketch(options.TermSketchCapacity, []));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var series = new SubjectSeries("acme", options, []);
        var detector = new CompositeCrisisDetector(options);
        var correlator = new CandidateCorrelator("acme", options);
        var total = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        var sketch = new TermSketch(options.TermSketchCapacity, []);
        var sketchBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        (total - sketchBytes).Should().BeLessThanOrEqualTo(64 * 1024);
        GC.KeepAlive(series);
        GC.KeepAlive(detector);
        GC.KeepAlive(correlator);
        GC.KeepAlive(sketch);
    }

    [Fact]
    public void A_bucket_appended_with_a_measured_value_keeps_it_beside_its_count_and_through_a_snapshot()
    {
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var series = NewSeries();
        series.Append(start, 3);
        series.HasMeasuredValues.Should().BeFalse();
        series.ValueAt(0).Should().Be(3, "a bucket's value is its mention count unless it was given one");

        series.Append(start.AddMinutes(15), 0, 0.37);

        series.HasMeasuredValues.Should().BeTrue();
        series.MentionsAt(0).Should().Be(0);
        series.ValueAt(0).Should().Be(0.37);
        series.ValueAt(1).Should().Be(0, "the buckets of a gap close empty");
        series.ValueAt(3).Should().Be(3);

        using var writer = new CrisisKit.Snapshots.SnapshotWriter();
        ((CrisisKit.Snapshots.ISnapshotState)series).Write(writer);
        var restored = NewSeries();
        var reader = new CrisisKit.Snapshots.SnapshotReader(writer.Written);
        ((CrisisKit.Snapshots.ISnapshotState)restored).Read(ref reader);
        restored.HasMeasuredValues.Should().BeTrue();
        Enumerable.Range(0, 4).Select(restored.ValueAt).Should().Equal(0.37, 0, 0, 3);

        var act = () => series.Append(start.AddMinutes(20), 0, double.NaN);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_researcher_appends_measured_values_with_the_replay_helper_and_the_volume_detector_reads_them()
    {
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var series = CrisisKit.Testing.DetectorReplay.CreateSeries();
        var volume = new VolumeSpikeDetector();
        var scores = new List<double>();
        for (var i = 0; i < 700; i++)
        {
            CrisisKit.Testing.DetectorReplay.AppendValue(series, start.AddMinutes(5 * i), (i >= 650 ? 0.9 : 0.3) + (0.05 * Math.Sin(i * 1.3)));
            scores.Add(volume.Evaluate(series).Score);
        }

        series.MentionsAt(0).Should().Be(1, "the mention count is the value rounded");
        series.ValueAt(0).Should().BeApproximately(0.9 + (0.05 * Math.Sin(699 * 1.3)), 1e-12);
        scores[650].Should().BeGreaterThan(0.6, "a jump from 0.3 to 0.9 is raised although every value rounds to 0 or 1 mention");
        scores.Take(650).Skip(288).Max().Should().BeLessThan(0.5);
    }
}
