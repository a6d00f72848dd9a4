using CrisisKit.Benchmarking;
using CrisisKit.Detection;

namespace CrisisKit.Tests.Benchmarking;

public sealed class NabDetectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crisiskit-nab-detection-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes a series file: a header, then a row per timestamp, with a blank line after each row in <paramref name="blankAfter"/>.</summary>
    private string WriteSeries(string name, IReadOnlyList<DateTime> times, params int[] blankAfter)
    {
        var lines = new List<string> { "timestamp,value" };
        for (var i = 0; i < times.Count; i++)
        {
            lines.Add(times[i].ToString(NabData.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture) + ",10");
            if (blankAfter.Contains(i))
            {
                lines.Add(string.Empty);
            }
        }

        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static IReadOnlyList<(NabSeries Series, IReadOnlyList<double> Scores)> ScoreRealTweets(string detector)
    {
        var windows = SharedData.Require("nab-realtweets/windows.json");
        var series = NabData.ReadDirectory(Path.GetDirectoryName(windows)!, windows);
        return [.. series.Select(s => (s, (IReadOnlyList<double>)NabDetection.Score(s, detector)))];
    }

    [SkippableFact]
    public void The_volume_detector_at_its_shipped_thresholds_scores_well_on_real_tweet_volumes()
    {
        var scored = ScoreRealTweets(NabDetection.DefaultDetector);

        NabScorer.Score(scored, NabProfile.Standard, NabDetection.DefaultThreshold("volume", NabProfile.Standard)).Normalised.Should().BeGreaterThanOrEqualTo(85);
        NabScorer.Score(scored, NabProfile.RewardLowFalsePositives, NabDetection.DefaultThreshold("volume", NabProfile.RewardLowFalsePositives)).Normalised.Should().BeGreaterThanOrEqualTo(75);
        NabScorer.Score(scored, NabProfile.RewardLowFalseNegatives, NabDetection.DefaultThreshold("volume", NabProfile.RewardLowFalseNegatives)).Normalised.Should().BeGreaterThanOrEqualTo(90);
    }

    [Theory]
    [InlineData("composite", "the negative share of mentions")]
    [InlineData("negative-share", "the sentiment of each mention's text")]
    [InlineData("Emerging-Terms", "the terms in each mention's text")]
    [InlineData("category-shift", "the crisis categories")]
    [InlineData("high-reach-author", "each negative mention's author and follower count")]
    [InlineData("share-velocity", "the shares, quotes and replies")]
    public void A_detector_that_needs_more_than_volume_is_refused_with_what_it_needs(string detector, string needs)
    {
        var series = new NabSeries("a.csv", [new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc)], [1], []);

        var act = () => NabDetection.Score(series, detector);

        act.Should().Throw<ArgumentException>().WithMessage($"*needs {needs}*NAB series hold only a count per row*");
        NabDetection.VolumeOnlyRefusal(detector).Should().NotContain("\n");
        NabDetection.VolumeOnlyRefusal("volume").Should().BeNull();
    }

    [Fact]
    public void A_detector_of_ones_own_is_scored_online_with_the_series_bucket_size()
    {
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var times = Enumerable.Range(0, 48).Select(i => start.AddHours(i)).ToList();
        var values = Enumerable.Range(0, 48).Select(i => i == 30 ? 500.0 : 10).ToList();
        TimeSpan? bucket = null;

        var scores = NabDetection.ScoreWith(new NabSeries("hourly.csv", times, values, []), options =>
        {
            bucket = options.BucketSize;
            return new Threshold();
        });

        bucket.Should().Be(TimeSpan.FromHours(1));
        scores.Select((s, i) => (s, i)).Where(x => x.s > 0).Select(x => x.i).Should().Equal(30);
    }

    /// <summary>A stateless detector: 1 for a bucket of at least 100 mentions.</summary>
    private sealed class Threshold : ICrisisDetector
    {
        public string Name => "threshold";

        public DetectorSignal Evaluate(CrisisKit.Aggregation.SubjectSeries series) => new(Name, series[0].Mentions >= 100 ? 1 : 0, null);
    }

    [Fact]
    public void Scores_are_online_a_rows_score_ignores_later_rows()
    {
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var times = Enumerable.Range(0, 600).Select(i => start.AddMinutes(5 * i)).ToList();
        var quiet = Enumerable.Range(0, 600).Select(i => 10.0 + (i % 7)).ToList();
        var spiky = quiet.Select((v, i) => i >= 400 ? v * 30 : v).ToList();

        var a = NabDetection.Score(new NabSeries("a.csv", times, quiet, []));
        var b = NabDetection.Score(new NabSeries("b.csv", times, spiky, []));

        a.Take(400).Should().Equal(b.Take(400));
        b.Skip(400).Max().Should().BeGreaterThan(0.5, "a 30-fold jump after a day and a half of quiet is raised");
    }

    [Fact]
    public void Rows_that_repeat_or_step_back_a_timestamp_are_scored_in_file_order_as_the_next_buckets()
    {
        // Two days of 5-minute rows whose clock is set back an hour after row 300; a burst after the change is still
        // scored at its own rows, and a series read without the step back scores the same.
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var values = Enumerable.Range(0, 600).Select(i => 10.0 + (i % 7) + (i is >= 500 and < 510 ? 300 : 0)).ToList();
        var stepped = Enumerable.Range(0, 600).Select(i => start.AddMinutes((5 * i) - (i > 300 ? 60 : 0))).ToList();
        var regular = Enumerable.Range(0, 600).Select(i => start.AddMinutes(5 * i)).ToList();

        var a = NabDetection.Score(new NabSeries("stepped.csv", stepped, values, []));
        var b = NabDetection.Score(new NabSeries("regular.csv", regular, values, []));

        a.Should().HaveCount(600);
        a.Should().Equal(b);
        a.Skip(500).Take(10).Max().Should().BeGreaterThan(0.5);
    }

    [Fact]
    public void The_empty_buckets_of_a_gap_are_shown_to_the_detector_as_a_monitor_would()
    {
        // Three days of 5-minute counts that vary more than Poisson counts (so they are read as counts); one series lacks
        // the rows of a gap of 50 buckets, the other has them as zeros. The detector sees the same mention counts either
        // way, so every row both series have scores the same.
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var values = Enumerable.Range(0, 3 * 288).Select(i => i is >= 400 and < 450 ? 0.0 : 10.0 + (i * i % 23) + (i is >= 460 and < 470 ? 300 : 0)).ToList();
        var times = Enumerable.Range(0, 3 * 288).Select(i => start.AddMinutes(5 * i)).ToList();
        var kept = Enumerable.Range(0, 3 * 288).Where(i => i is < 400 or >= 450).ToList();

        var full = NabDetection.Score(new NabSeries("full.csv", times, values, []));
        var gapped = NabDetection.Score(new NabSeries("gapped.csv", [.. kept.Select(i => times[i])], [.. kept.Select(i => values[i])], []));

        gapped.Should().Equal(kept.Select(i => full[i]));
        full.Skip(460).Take(10).Max().Should().BeGreaterThan(0.5);
    }

    [Fact]
    public void A_measured_series_is_read_with_its_fractions_and_a_departure_either_way_is_raised_once()
    {
        // Three days of a CPU share between 0.2 and 0.4 (every value rounds to 0 mentions); on the third day it drops
        // to 0.02 for an hour, later it jumps to 0.9. Each departure is raised at its first bucket, and only there.
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var times = Enumerable.Range(0, 3 * 288).Select(i => start.AddMinutes(5 * i)).ToList();
        var values = Enumerable.Range(0, 3 * 288).Select(i => i switch
        {
            >= 600 and < 612 => 0.02,
            >= 750 and < 762 => 0.9,
            _ => 0.3 + (0.1 * Math.Sin(i * 1.7)),
        }).ToList();

        var scores = NabDetection.Score(new NabSeries("cpu.csv", times, values, []));
        var threshold = NabDetection.DefaultThreshold("volume", NabProfile.Standard);

        scores.Select((s, i) => (s, i)).Where(x => x.s >= threshold).Select(x => x.i).Should().Equal(600, 750);
    }

    [Fact]
    public void Whole_numbers_that_vary_less_than_counts_of_events_are_read_as_a_measurement_and_a_drop_is_raised()
    {
        // Three days of a speed in whole km/h around 60 (it varies by a few units, far less than Poisson counts of 60
        // would), dropping to 30 for an hour on the third day: the count model sees only rises, the measurement model
        // raises the drop at its first bucket.
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var times = Enumerable.Range(0, 3 * 288).Select(i => start.AddMinutes(5 * i)).ToList();
        var speed = Enumerable.Range(0, 3 * 288).Select(i => i is >= 700 and < 712 ? 30.0 : 60 + (i * 7 % 5) - 2).ToList();
        var threshold = NabDetection.DefaultThreshold("volume", NabProfile.Standard);

        var scores = NabDetection.Score(new NabSeries("speed.csv", times, speed, []));

        scores.Select((s, i) => (s, i)).Where(x => x.s >= threshold).Select(x => x.i).Should().Equal(700);
    }

    [Fact]
    public void A_measured_series_whose_first_readings_repeat_still_raises_a_departure()
    {
        // The first two readings are the same, so the first error of the last day's median is 0; the typical error must
        // still grow from there, or the series would never be surprising.
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var times = Enumerable.Range(0, 3 * 288).Select(i => start.AddMinutes(5 * i)).ToList();
        var values = Enumerable.Range(0, 3 * 288).Select(i => i switch
        {
            < 2 => 1.732,
            >= 750 and < 762 => 9.5,
            _ => 1.8 + (0.1 * Math.Sin(i * 1.7)),
        }).ToList();

        var scores = NabDetection.Score(new NabSeries("cpu.csv", times, values, []));
        var threshold = NabDetection.DefaultThreshold("volume", NabProfile.Standard);

        scores.Select((s, i) => (s, i)).Where(x => x.s >= threshold).Select(x => x.i).Should().Equal(750);
    }

    [Fact]
    public void A_departure_to_a_new_extreme_is_raised_even_soon_after_a_larger_one()
    {
        // A reading around 0.3 spikes to 1.5 for one bucket; a day later it falls to -0.6 for one bucket, a smaller
        // departure than the spike (which the record still holds) but to a value below any the week has seen.
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var times = Enumerable.Range(0, 4 * 288).Select(i => start.AddMinutes(5 * i)).ToList();
        var values = Enumerable.Range(0, 4 * 288).Select(i => i switch
        {
            600 => 1.5,
            900 => -0.6,
            _ => 0.3 + (0.1 * Math.Sin(i * 1.7)),
        }).ToList();

        var scores = NabDetection.Score(new NabSeries("cpu.csv", times, values, []));
        var threshold = NabDetection.DefaultThreshold("volume", NabProfile.Standard);

        scores.Select((s, i) => (s, i)).Where(x => x.s >= threshold).Select(x => x.i).Should().Equal(600, 900);
    }

    [Fact]
    public void A_level_shift_in_a_measured_series_is_raised_at_its_start_then_becomes_the_new_level()
    {
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var times = Enumerable.Range(0, 5 * 288).Select(i => start.AddMinutes(5 * i)).ToList();
        var values = Enumerable.Range(0, 5 * 288).Select(i => (i >= 700 ? 60.5 : 40.5) + (3 * Math.Sin(i * 2.3))).ToList();

        var scores = NabDetection.Score(new NabSeries("latency.csv", times, values, []));
        var threshold = NabDetection.DefaultThreshold("volume", NabProfile.Standard);

        scores[700].Should().BeGreaterThanOrEqualTo(threshold);
        scores.Skip(701).Should().OnlyContain(s => s < threshold, "after the shift the higher level is the usual one");
    }

    [Fact]
    public void A_series_whose_spacing_is_not_a_bucket_size_is_refused()
    {
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var series = new NabSeries("odd.csv", [start, start.AddMinutes(7), start.AddMinutes(14)], [1, 2, 3], []);

        var act = () => NabDetection.Score(series);

        act.Should().Throw<ArgumentException>().WithMessage("Series 'odd.csv' cannot be read as buckets: its rows are 00:07:00 apart (the median step between rows, as from row 1 to row 2), and DetectionOptions.BucketSize must be*");
    }

    [Fact]
    public void A_row_dated_years_after_the_one_before_it_is_refused_as_a_wrong_date_naming_both_rows()
    {
        // Read as a gap, the year-9999 row would be preceded by some 840 million empty buckets, each scored.
        var start = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var times = Enumerable.Range(0, 1010).Select(i => start.AddMinutes(5 * i)).ToList();
        times[1000] = new DateTime(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var series = new NabSeries("typo.csv", times, [.. Enumerable.Repeat(10.0, 1010)], []);

        var act = () => NabDetection.Score(series);

        act.Should().Throw<ArgumentException>().WithMessage("Series 'typo.csv' cannot be read as buckets: row 1001 (9999-01-01 00:00:00) comes * days after row 1000 (2015-01-04 11:15:00); a gap longer than 366 days is taken for a wrong date*");
    }

    [Fact]
    public void A_gap_of_up_to_a_year_is_read_as_missing_data()
    {
        var start = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var times = Enumerable.Range(0, 600).Select(i => start.AddHours(i)).ToList();
        var resumed = times[^1] + NabDetection.MaxGap;
        times.AddRange(Enumerable.Range(0, 600).Select(i => resumed.AddHours(i)));

        var scores = NabDetection.Score(new NabSeries("paused.csv", times, [.. Enumerable.Repeat(10.0, 1200)], []));

        scores.Should().HaveCount(1200).And.OnlyContain(s => s >= 0 && s <= 1);
    }

    [Fact]
    public void A_series_spanning_more_buckets_than_can_be_scored_is_refused_at_the_row_that_reaches_the_limit()
    {
        // Two one-minute steps per gap of 365 days keep the spacing at a minute; twenty gaps span some 10.5 million minutes.
        var times = new List<DateTime> { new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        for (var gap = 0; gap < 20; gap++)
        {
            times.Add(times[^1].AddMinutes(1));
            times.Add(times[^1].AddMinutes(1));
            times.Add(times[^1].AddDays(365));
        }

        var series = new NabSeries("sparse.csv", times, [.. Enumerable.Repeat(1.0, times.Count)], []);

        var act = () => NabDetection.Score(series);

        act.Should().Throw<ArgumentException>().WithMessage("Series 'sparse.csv' cannot be read as buckets: at row 61 (2019-12-27 00:40:00) it spans more than 10,000,000 buckets of 00:01:00.*");
    }

    [Fact]
    public void A_series_read_from_a_file_is_refused_by_file_and_line_when_its_spacing_is_not_a_bucket_size()
    {
        var start = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var path = WriteSeries("odd.csv", [start, start.AddMinutes(7), start.AddMinutes(14)], blankAfter: 0);

        var act = () => NabDetection.Score(NabData.ReadSeries(path, []));

        act.Should().Throw<ArgumentException>().WithMessage($"{path}:4: the series cannot be read as buckets: its rows are 00:07:00 apart (the median step between rows, as from line 2 to line 4), and DetectionOptions.BucketSize must be*");
    }

    [Fact]
    public void A_row_of_a_file_dated_years_after_the_one_before_it_is_refused_by_its_line_blank_lines_counted()
    {
        var start = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var times = Enumerable.Range(0, 20).Select(i => start.AddMinutes(5 * i)).ToList();
        times[10] = new DateTime(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // Blank lines after rows 2 and 9: row 9 is on line 12 and row 10 on line 14.
        var path = WriteSeries("typo.csv", times, 2, 9);

        var act = () => NabDetection.Score(NabData.ReadSeries(path, []));

        act.Should().Throw<ArgumentException>().WithMessage($"{path}:14: the series cannot be read as buckets: line 14 (9999-01-01 00:00:00) comes * days after line 12 (2015-01-01 00:45:00); a gap longer than 366 days is taken for a wrong date*");
    }

    [Fact]
    public void A_file_spanning_more_buckets_than_can_be_scored_is_refused_at_the_line_that_reaches_the_limit()
    {
        var times = new List<DateTime> { new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        for (var gap = 0; gap < 20; gap++)
        {
            times.Add(times[^1].AddMinutes(1));
            times.Add(times[^1].AddMinutes(1));
            times.Add(times[^1].AddDays(365));
        }

        // Row 60 (the 61st) reaches the limit; a blank line after row 0 puts it on line 63.
        var path = WriteSeries("sparse.csv", times, 0);

        var act = () => NabDetection.Score(NabData.ReadSeries(path, []));

        act.Should().Throw<ArgumentException>().WithMessage($"{path}:63: the series cannot be read as buckets: at line 63 (2019-12-27 00:40:00) it spans more than 10,000,000 buckets of 00:01:00.*");
    }
}
