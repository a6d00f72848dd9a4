using System.Globalization;
using CrisisKit.Aggregation;
using CrisisKit.Categories;
using CrisisKit.Detection;
using CrisisKit.Mentions;
using CrisisKit.Sentiment;

namespace CrisisKit.Tests.Detection;

public class DetectorTests
{
    // The volume detector's shipped NAB threshold.
    private const double Threshold = 0.5319;

    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly SentimentScore Negative = new(-0.6, 0, 0.6, 0.4);
    private static readonly SentimentScore Neutral = new(0, 0, 0, 1);

    /// <summary>Feeds buckets of synthetic mentions to a detector, one bucket at a time, and collects its signals.</summary>
    private sealed class Feed(ICrisisDetector detector, DetectionOptions? options = null)
    {
        private readonly DetectionOptions _options = options ?? new DetectionOptions();
        private long _id;

        public SubjectSeries Series { get; } = new("acme", options ?? new DetectionOptions(), ["acme"]);

        public DateTimeOffset Next { get; private set; } = Monday;

        public List<DetectorSignal> Signals { get; } = [];

        public DetectorSignal Bucket(int mentions, int negative = 0, string text = "acme phone", long followers = 100, long shares = 0, CategoryScores categories = default, int categorised = 0)
        {
            for (var i = 0; i < mentions; i++)
            {
                var mention = new Mention
                {
                    Id = (_id++).ToString(CultureInfo.InvariantCulture),
                    Platform = Platforms.X,
                    Author = new MentionAuthor($"user{_id % 5000}", followers),
                    Text = text,
                    Timestamp = Next.AddSeconds(i % 290),
                    Engagement = new MentionEngagement(0, shares, 0, 0),
                };
                Series.Add(mention, i < negative ? Negative : Neutral, i < categorised ? categories : default);
            }

            Next += _options.BucketSize;
            Series.TryCloseNext(Series.ClosableThrough(Next + _options.GracePeriod));
            var signal = detector.Evaluate(Series);
            Series.FinishTerms();
            Signals.Add(signal);
            return signal;
        }
    }

    /// <summary>A daily rhythm: quiet at night, a peak in the evening (3x the day's mean at 20:00).</summary>
    private static int Daily(DateTimeOffset at, double mean) => (int)Math.Round(mean * (1 + (0.9 * Math.Sin((at.Hour + (at.Minute / 60.0) - 14) / 24.0 * 2 * Math.PI))));

    [Fact]
    public void Volume_spike_stays_quiet_through_weeks_of_daily_peaks()
    {
        var feed = new Feed(new VolumeSpikeDetector());
        for (var i = 0; i < 14 * 288; i++)
        {
            feed.Bucket(Daily(feed.Next, 20));
        }

        feed.Signals.Skip(288).Max(s => s.Score).Should().BeLessThan(0.5, "the regular evening peak is expected");
    }

    [Fact]
    public void Volume_spike_raises_a_burst_once_and_explains_it()
    {
        var volume = new VolumeSpikeDetector();
        var feed = new Feed(volume);
        for (var i = 0; i < 8 * 288; i++)
        {
            feed.Bucket(Daily(feed.Next, 20));
        }

        var burst = Enumerable.Range(0, 12).Select(_ => feed.Bucket(Daily(feed.Next, 20) * 15)).ToList();

        burst[0].Score.Should().BeGreaterThan(0.4);
        burst[0].Reason.Should().Be("435 mentions in 5 minutes vs 29 expected for Tue 00:00; 3.9x the usual volume over the last hours, the most in a week");
        burst.Skip(1).Should().OnlyContain(s => s.Score == 0, "a burst that grows steadily is one event: within a day only markedly stronger evidence alarms again");
        volume.Evidence.Should().BeGreaterThan(2, "the evidence keeps growing with the burst");
    }

    [Fact]
    public void Volume_spike_spans_are_times_with_hourly_buckets_a_second_burst_three_days_later_is_raised()
    {
        // "Within a day of an alarm" is 24 hourly buckets, not 288 (twelve days), and the record fades over weeks, not months.
        var hourly = new DetectionOptions { BucketSize = TimeSpan.FromHours(1) };
        var feed = new Feed(new VolumeSpikeDetector(hourly), hourly);
        for (var i = 0; i < 10 * 24; i++)
        {
            feed.Bucket(Daily(feed.Next, 20));
        }

        var first = feed.Bucket(Daily(feed.Next, 20) * 15);
        for (var i = 1; i < 3 * 24; i++)
        {
            feed.Bucket(Daily(feed.Next, 20));
        }

        var second = feed.Bucket(Daily(feed.Next, 20) * 15);

        first.Score.Should().BeGreaterThan(0.4);
        second.Score.Should().BeGreaterThan(0.4, "three days have passed: the second burst is news again");
        first.Reason.Should().Contain("in 60 minutes");
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Whole_numbers_are_a_measurement_when_they_vary_less_than_counts_of_events(bool overdispersed, bool measurement)
    {
        // Two days of whole numbers around 60: varying by a few units (a speed) is less than Poisson counts of 60 vary,
        // varying by tens (mentions in bursts) is not.
        var options = new DetectionOptions();
        var series = new SubjectSeries("road", options, []);
        var model = new MeasuredVolumeModel(options.BucketSize);
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var seen = new List<bool>();
        for (var i = 0; i < 2 * 288; i++)
        {
            var value = overdispersed ? 30 + (3 * (i * i % 23)) : 58 + (i * 7 % 5);
            series.Append(start.AddMinutes(5 * i), value, value);
            model.Evaluate(series);
            seen.Add(model.IsMeasurement);
        }

        seen.Take(288).Should().OnlyContain(m => !m, "on the first day a series of whole numbers is read as counts");
        seen[^1].Should().Be(measurement);
    }

    [Fact]
    public void Volume_spike_on_a_series_of_whole_measurements_carries_on_after_save_and_load_as_if_never_stopped()
    {
        int Value(int i) => i is >= 700 and < 712 ? 30 : 58 + (i * 7 % 5);
        var scores = MeasuredVolume.ScoresAcrossSaveAndLoad(i => Value(i), Value, cut: 600, end: 800);

        scores.Should().OnlyContain(s => s.A == s.B);
        scores[100].A.Should().BeGreaterThan(0.6, "a drop from 60 to 30 in a series that varies by a few units is raised");
    }

    [Fact]
    public void Volume_spike_on_a_measured_series_carries_on_after_save_and_load_as_if_never_stopped()
    {
        double Value(int i) => (i is >= 700 and < 710 ? 0.95 : 0.3) + (0.05 * Math.Sin(i * 1.3));
        var scores = MeasuredVolume.ScoresAcrossSaveAndLoad(Value, _ => 0, cut: 600, end: 800);

        scores.Should().OnlyContain(s => s.A == s.B);
        scores[100].A.Should().BeGreaterThan(0.6, "a jump from 0.3 to 0.95 is raised");
    }

    [Fact]
    public void Volume_spike_on_a_measured_series_goes_on_scoring_after_values_at_the_end_of_the_doubles()
    {
        // A reading of ±1e308 (a sensor's overflow) against a typical error of 0.05 is a surprise beyond any double: it
        // must score, and must not leave a record so high that no later departure could ever score again.
        double Value(int i) => i switch
        {
            700 => 1e308,
            701 => -1e308,
            _ when i is >= 8_000 and < 8_010 => 0.95,
            _ => 0.3 + (0.05 * Math.Sin(i * 1.3)),
        };

        var scores = MeasuredVolume.Signals(Value, 8_100).Select(s => s.Score).ToList();

        scores.Should().OnlyContain(s => double.IsFinite(s) && s >= 0 && s <= 1);
        scores[700].Should().BeGreaterThan(0.9);
        scores.Skip(8_000).Take(5).Max().Should().BeGreaterThan(0.6, "four weeks later a jump from 0.3 to 0.95 is raised again");
    }

    [Fact]
    public void Volume_spike_on_a_measured_series_learns_a_nightly_spike_whose_minute_varies_and_still_raises_one_at_another_hour()
    {
        // A CPU load of about 0.3 with a nightly job around 03:00 (±30 minutes, a different minute each night) lifting it to
        // 1.45 for ten minutes: too irregular in time for the daily median to expect, so each night's spike is a large
        // surprise. After a few nights it is the series' habit; the same spike at 15:00 (on a day the job did not run at
        // night) is not.
        const int Day = 288;
        const int Afternoon = (9 * Day) + 180;
        double Value(int i)
        {
            var day = i / Day;
            var at = 36 + (day * 5 % 13) - 6;
            var nightly = day != Afternoon / Day && i % Day is var b && (b == at || b == at + 1);
            return nightly || i is Afternoon or Afternoon + 1 ? 1.45 : 0.3 + (0.05 * Math.Sin(i * 1.3));
        }

        var scores = MeasuredVolume.Signals(Value, 10 * Day).Select(s => s.Score).ToList();

        scores.Skip(4 * Day).Take(Afternoon - (4 * Day)).Should().OnlyContain(s => s < Threshold, "from the fifth night the nightly spike is expected");
        scores[Afternoon].Should().BeGreaterThan(Threshold, "the same spike at 15:00 is not the series' habit");
    }

    [Fact]
    public void Volume_spike_on_an_hourly_measured_series_judges_its_noise_from_as_many_values_as_on_five_minute_buckets()
    {
        // Five series of sixty days of hourly readings with heavy-tailed (Laplace) noise, then a jump of 40 times the
        // noise's scale. Judged from a day of hourly errors (24) against a record halving every 48 buckets, the noise
        // alarmed 55 times (6 to 14 per series); judged from 288 of each, as a day of five-minute buckets gives, 24.
        var alarms = 0;
        foreach (var seed in new[] { 1, 2, 3, 4, 7 })
        {
            var random = new Random(seed);
            var noise = Enumerable.Range(0, 1500).Select(_ => random.NextDouble() - 0.5).Select(u => -2 * Math.Sign(u) * Math.Log(1 - (2 * Math.Abs(u)))).ToArray();
            double Value(int i) => 100 + noise[i] + (i >= 1440 ? 80 : 0);

            var signals = MeasuredVolume.Signals(Value, 1500, TimeSpan.FromHours(1));

            alarms += signals.Take(1440).Count(s => s.Score >= Threshold);
            signals[1440].Score.Should().BeGreaterThanOrEqualTo(Threshold, "a jump of 40 times the noise is news (seed {0})", seed);
        }

        alarms.Should().BeLessThanOrEqualTo(30, "three hundred days of noise should not alarm more than about once in ten days");
    }

    [Fact]
    public void Volume_spike_is_causal_a_buckets_score_does_not_depend_on_later_buckets()
    {
        var a = new Feed(new VolumeSpikeDetector());
        var b = new Feed(new VolumeSpikeDetector());
        for (var i = 0; i < 2 * 288; i++)
        {
            var count = Daily(a.Next, 10) * (i == 500 ? 10 : 1);
            a.Bucket(count);
            b.Bucket(count);
        }

        a.Bucket(500);
        b.Bucket(0);
        a.Signals.Take(2 * 288).Should().Equal(b.Signals.Take(2 * 288));
    }

    [Fact]
    public void Negative_share_turn_builds_up_to_a_signal_while_a_steady_share_stays_quiet()
    {
        var feed = new Feed(new NegativeShiftDetector());
        for (var i = 0; i < 288; i++)
        {
            feed.Bucket(20, negative: i % 10 == 0 ? 4 : 2);
        }

        feed.Signals.Max(s => s.Score).Should().BeLessThan(0.25);
        var turn = Enumerable.Range(0, 6).Select(_ => feed.Bucket(20, negative: 9)).ToList();

        turn[^1].Score.Should().BeGreaterThan(0.7);
        turn[^1].Reason.Should().Contain("negative share 45% (9 of 20) vs 11% usual");
    }

    [Theory]
    [InlineData(0.11)]
    [InlineData(0.2)]
    public void Negative_share_learns_a_steady_share_without_bias(double share)
    {
        // A day with a daily rhythm (quiet night, busy evening) of binomial noise around a steady share, from a cold
        // start, twenty times over: on average the usual share must land on the true one. A learning weight set by each
        // bucket's own count (learning the buckets below usual in full and those above it a tenth) lags about 4% low,
        // so ordinary noise builds up evidence against a share that is too low.
        var learnt = new List<double>();
        for (var seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            var detector = new NegativeShiftDetector();
            var series = new SubjectSeries("acme", new DetectionOptions(), []);
            for (var i = 0; i < 216; i++)
            {
                var at = Monday.AddMinutes(5 * i);
                var mentions = Daily(at, 18);
                var negative = Enumerable.Range(0, mentions).Count(_ => random.NextDouble() < share);
                series.Append(new MentionBucket(at, mentions, negative, 0, 0, mentions, 0, 0));
                detector.Evaluate(series);
            }

            learnt.Add(detector.ExpectedShare);
        }

        learnt.Average().Should().BeApproximately(share, share * 0.02);
    }

    [Fact]
    public void A_couple_of_negative_posts_in_a_quiet_night_do_not_signal()
    {
        var feed = new Feed(new NegativeShiftDetector());
        for (var i = 0; i < 288; i++)
        {
            feed.Bucket(20, negative: 2);
        }

        feed.Bucket(2, negative: 2).Score.Should().BeLessThan(0.25);
    }

    [Fact]
    public void Emerging_terms_name_the_bursting_term()
    {
        var detector = new EmergingTermsDetector();
        var feed = new Feed(detector);
        for (var i = 0; i < 288; i++)
        {
            feed.Bucket(20, text: "acme phone works fine today");
        }

        var signal = feed.Bucket(40, text: "acme phone screen cracked after update");

        signal.Score.Should().BeGreaterThan(0.9);
        detector.TopTerms.Take(3).Should().BeEquivalentTo(["screen", "cracked", "update"], "new terms burst more than 'phone', which merely doubled");
        signal.Reason.Should().Contain("in 40 of 40 mentions vs 0 per bucket usually");
    }

    [Fact]
    public void High_reach_negative_authors_signal_by_their_follower_count()
    {
        var feed = new Feed(new HighReachDetector(50_000));
        feed.Bucket(5, negative: 1, followers: 40_000).Score.Should().Be(0);
        var signal = feed.Bucket(5, negative: 1, followers: 850_000);

        signal.Score.Should().BeGreaterThan(0.9);
        signal.Reason.Should().StartWith("@user").And.Contain("850,000 followers");
        feed.Bucket(5, negative: 0, followers: 850_000).Score.Should().Be(0, "a positive or neutral big account is no critic");
    }

    [Fact]
    public void Share_velocity_signals_content_spreading_faster_than_usual()
    {
        var feed = new Feed(new ShareVelocityDetector());
        for (var i = 0; i < 288; i++)
        {
            feed.Bucket(10, shares: 1);
        }

        feed.Signals.Skip(12).Max(s => s.Score).Should().Be(0);
        var signal = feed.Bucket(10, shares: 300);
        signal.Score.Should().BeGreaterThan(0.5);
        signal.Reason.Should().Contain("3,000 shares, quotes and replies in 5 minutes");
    }

    [Fact]
    public void Category_shift_names_the_rising_category()
    {
        var categorizer = new LexiconCrisisCategorizer(new CategorizerOptions());
        var fire = categorizer.Categorize("my acme phone caught fire", "en");
        var detector = new CategoryShiftDetector();
        var feed = new Feed(detector);
        for (var i = 0; i < 288; i++)
        {
            feed.Bucket(15);
        }

        feed.Signals.Max(s => s.Score).Should().Be(0);
        var signals = Enumerable.Range(0, 3).Select(_ => feed.Bucket(15, categories: fire, categorised: 5)).ToList();

        signals[^1].Score.Should().BeGreaterThan(0.7);
        detector.Leading.Should().Be(CrisisCategory.ProductSafety);
        signals[^1].Reason.Should().Contain("mentions citing product-safety: 5 of 15 (33%)");
    }

    [Fact]
    public void The_composite_does_not_raise_a_loud_but_not_negative_flood()
    {
        var composite = new CompositeCrisisDetector();
        var feed = new Feed(composite);
        for (var i = 0; i < 2 * 288; i++)
        {
            feed.Bucket(Daily(feed.Next, 10), negative: 1);
        }

        var flood = Enumerable.Range(0, 24).Select(_ => feed.Bucket(300, negative: 3, text: "acme deals cheap cheap click")).ToList();

        flood.Max(s => s.Score).Should().BeLessThan(0.5);
        composite.Signals[0].Detector.Should().Be(VolumeSpikeDetector.DetectorName);
    }

    [Fact]
    public void The_composite_raises_a_negative_burst_with_each_detectors_contribution()
    {
        var composite = new CompositeCrisisDetector();
        var feed = new Feed(composite);
        for (var i = 0; i < 2 * 288; i++)
        {
            feed.Bucket(Daily(feed.Next, 10), negative: 1);
        }

        var signal = feed.Bucket(150, negative: 120, text: "acme leaked customer passwords", followers: 900_000);

        signal.Score.Should().BeGreaterThan(0.9);
        composite.Contributions[0].Should().BeGreaterThan(0, "volume counts once sentiment has turned");
        signal.Reason.Should().Contain("volume").And.Contain("negative-share").And.Contain("high-reach-author");
    }

    [Fact]
    public void Detector_state_saved_and_loaded_carries_on_exactly()
    {
        var original = new CompositeCrisisDetector();
        var feed = new Feed(original);
        for (var i = 0; i < 400; i++)
        {
            feed.Bucket(Daily(feed.Next, 10), negative: i % 7);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.SaveState(writer);
        }

        var copy = new CompositeCrisisDetector();
        stream.Position = 0;
        using (var reader = new BinaryReader(stream))
        {
            copy.LoadState(reader);
        }

        var next = original.Evaluate(feed.Series);
        copy.Evaluate(feed.Series).Should().Be(next);
    }

    [Fact]
    public void Built_in_detectors_are_found_by_name_and_unknown_names_list_the_choices()
    {
        foreach (var name in CrisisDetectors.Names)
        {
            CrisisDetectors.Create(name).Name.Should().Be(name);
        }

        var act = () => CrisisDetectors.Create("magic");
        act.Should().Throw<ArgumentException>().WithMessage("No detector is named 'magic'; the detectors are: composite, volume, *");
    }
}
