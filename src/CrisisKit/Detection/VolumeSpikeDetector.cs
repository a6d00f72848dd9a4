using CrisisKit.Aggregation;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// Volume spikes against a seasonal, robust baseline. The expected count of a bucket is the median, on a log
/// scale, of the same time of day (±1 bucket) on each of the previous days kept (up to a week), so the regular
/// daily and weekly peaks are expected, not alarming; on the first day the median of the last hour stands in.
/// Evidence is the log ratio of observed to expected volume, with one mention per bucket added to both as a
/// pseudo-count so near-silent subjects do not alarm on noise, averaged over three time scales (the bucket, the
/// last half hour, the last three hours) so a sustained burst outweighs a single spiky bucket. Two rules keep alarms
/// to news: the bucket must be a record, either of volume at one of those scales (against a record that fades
/// slowly, halving over eight weeks, so a level already reached, such as a recurring campaign, stops alarming) or
/// of sustained level (the median of the last three hours above its highest value in the past week, which short
/// bot bursts do not move); and within a day of an alarm only markedly stronger evidence alarms again (one burst,
/// one alarm). Every span is a time, not a number of buckets, so the detector behaves the same whatever the bucket
/// size: "the last three hours" is 36 five-minute buckets or three hourly ones. A series of measurements rather than counts
/// (buckets appended with measured values, see <see cref="SubjectSeries.ValueAt"/>, that have fractions or vary less
/// than counts of events do) is scored by <see cref="MeasuredVolumeModel"/> instead, which judges a departure either
/// way against the series' own spread.
/// </summary>
internal sealed class VolumeSpikeDetector : ICrisisDetector, ISnapshotState
{
    /// <summary>The detector's name.</summary>
    public const string DetectorName = "volume";

    private const int SeasonalDays = 7;
    private const double PseudoCount = 1.0;
    private const double RealarmMargin = 0.3;
    private const double EvidenceScale = 2.0;
    private const int FirstDayBuckets = 12;
    private const int RecordHalfLifeDays = 56;

    private readonly int[] _scales;
    private readonly int _levelWindow;
    private readonly int _levelBlockLength;
    private readonly double _recordDecay;
    private readonly double[] _window = new double[(SeasonalDays * 3) + FirstDayBuckets];
    private readonly double[] _expected;
    private readonly float[] _evidence;
    private readonly double[] _record = new double[3];
    private readonly int[] _level;
    private readonly float[] _levelBlocks;
    private float _levelBlock;
    private double _dayHigh;
    private long _dayHighAt = -1;
    private long _seen;
    private readonly TimeSpan _bucket;
    private MeasuredVolumeModel? _measured;

    /// <summary>Creates the detector for buckets of <see cref="DetectionOptions.BucketSize"/>.</summary>
    /// <param name="options">The detection options; <see langword="null"/> for the defaults (5-minute buckets).</param>
    public VolumeSpikeDetector(DetectionOptions? options = null)
    {
        var bucket = (options ?? new DetectionOptions()).BucketSize;
        _bucket = bucket;
        int Buckets(TimeSpan span) => (int)Math.Max(1, span.Ticks / bucket.Ticks);

        // The three scales: the bucket, the last half hour, the last three hours.
        _scales = [1, Buckets(TimeSpan.FromMinutes(30)), Buckets(TimeSpan.FromHours(3))];
        _expected = new double[_scales[^1]];
        var day = Buckets(TimeSpan.FromDays(1));
        _evidence = new float[day];
        _recordDecay = Math.Pow(0.5, 1.0 / (RecordHalfLifeDays * day));

        // The sustained level: the median of the last three hours, its weekly high kept per hour.
        _levelWindow = Buckets(TimeSpan.FromHours(3));
        _levelBlockLength = Buckets(TimeSpan.FromHours(1));
        _level = new int[_levelWindow];
        _levelBlocks = new float[SeasonalDays * day / _levelBlockLength];
    }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <summary>The expected mention count of the newest bucket, as of the last <see cref="Evaluate"/>.</summary>
    public double Expected { get; private set; }

    /// <summary>The newest bucket's evidence: the mean log ratio of observed to expected volume over the three scales (0 when no record was set).</summary>
    public double Evidence { get; private set; }

    /// <inheritdoc />
    public DetectorSignal Evaluate(SubjectSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            return new DetectorSignal(Name, 0, null);
        }

        var counted = EvaluateCounts(series);
        if (!series.HasMeasuredValues)
        {
            return counted;
        }

        // Buckets carry measured values: the measurement model learns alongside and scores once the series shows itself a
        // measurement (a value with a fraction, or less variation than counts of events have).
        _measured ??= new MeasuredVolumeModel(_bucket);
        var score = _measured.Evaluate(series);
        if (!_measured.IsMeasurement)
        {
            return counted;
        }

        Expected = _measured.Expected;
        Evidence = Math.Abs(_measured.Surprise);
        string? reason = null;
        if (score >= DetectorSignal.ExplainFrom)
        {
            var reading = $"{DetectorMath.Number(series.ValueAt(0))} in {series.BucketSize.TotalMinutes:0} minutes";
            var expected = $"{DetectorMath.Number(Expected)} expected for {DetectorMath.When(series.LatestStart)}";
            reason = _measured.NewPattern
                ? $"{reading} ({expected}): a sequence of values the series has not shown before"
                : $"{reading} vs {expected}; {Evidence:0.#} standard deviations {(_measured.Surprise >= 0 ? "above" : "below")} it, more than the strongest departure of the last days";
        }

        return new DetectorSignal(Name, score, reason);
    }

    private DetectorSignal EvaluateCounts(SubjectSeries series)
    {
        var t = _seen++;
        var observed = series.MentionsAt(0);
        var expected = ExpectedCount(series, observed);
        Expected = expected;
        _expected[t % _expected.Length] = expected;

        var ratioSum = 0.0;
        var record = false;
        for (var s = 0; s < _scales.Length; s++)
        {
            var w = (int)Math.Min(_scales[s], t + 1);
            w = Math.Min(w, series.Count);
            double sum = 0;
            double expectedSum = 0;
            for (var ago = 0; ago < w; ago++)
            {
                sum += series.MentionsAt(ago);
                expectedSum += _expected[(t - ago) % _expected.Length];
            }

            ratioSum += Math.Log((sum + (PseudoCount * w)) / (expectedSum + (PseudoCount * w)));
            if (t >= series.BucketsPerDay && sum > _record[s])
            {
                record = true;
            }

            _record[s] = Math.Max(_record[s] * _recordDecay, sum);
        }

        if (LevelRecord(series, t))
        {
            record = t >= series.BucketsPerDay || record;
        }

        var evidence = record ? Math.Max(0, ratioSum / _scales.Length) : 0;
        Evidence = evidence;
        var dayHigh = DayHighBefore(t);
        var bar = dayHigh > 0 ? dayHigh + RealarmMargin : dayHigh;
        var score = evidence > bar && evidence > 0 ? DetectorMath.Saturate(evidence, 0, EvidenceScale) : 0;
        _evidence[t % _evidence.Length] = (float)evidence;
        if (evidence >= _dayHigh)
        {
            _dayHigh = evidence;
            _dayHighAt = t;
        }

        string? reason = null;
        if (score >= DetectorSignal.ExplainFrom)
        {
            reason = $"{DetectorMath.Number(observed)} mentions in {series.BucketSize.TotalMinutes:0} minutes vs {DetectorMath.Number(expected)} expected for {DetectorMath.When(series.LatestStart)}; {Math.Exp(evidence):0.#}x the usual volume over the last hours, the most in a week";
        }

        return new DetectorSignal(Name, score, reason);
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        DetectorStateBlob.Save(writer, DetectorName, this);
    }

    /// <inheritdoc />
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        DetectorStateBlob.Load(reader, DetectorName, this);
    }

    void ISnapshotState.Write(SnapshotWriter writer)
    {
        writer.WriteInt64(Field.Seen, _seen);
        writer.WriteDoubles(Field.Expected, _expected);
        writer.WriteSingles(Field.Evidence, _evidence);
        writer.WriteDoubles(Field.Record, _record);
        writer.WriteSingles(Field.LevelBlocks, _levelBlocks);
        writer.WriteSingle(Field.LevelBlock, _levelBlock);
        writer.WriteDouble(Field.DayHigh, _dayHigh);
        writer.WriteInt64(Field.DayHighAt, _dayHighAt);
        if (_measured is not null)
        {
            writer.WriteMessage(Field.Measured, _measured);
        }
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.Seen:
                    _seen = reader.ReadInt64() is >= 0 and var seen ? seen : throw reader.Corrupt("a negative bucket count");
                    break;
                case Field.Expected:
                    reader.ReadDoubles(_expected);
                    break;
                case Field.Evidence:
                    reader.ReadSingles(_evidence);
                    break;
                case Field.Record:
                    reader.ReadDoubles(_record);
                    break;
                case Field.LevelBlocks:
                    reader.ReadSingles(_levelBlocks);
                    break;
                case Field.LevelBlock:
                    _levelBlock = reader.ReadSingle();
                    break;
                case Field.DayHigh:
                    _dayHigh = reader.ReadDouble();
                    break;
                case Field.DayHighAt:
                    _dayHighAt = reader.ReadInt64();
                    break;
                case Field.Measured:
                    _measured ??= new MeasuredVolumeModel(_bucket);
                    reader.ReadMessage(_measured);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>The fields of this detector's state in snapshots (docs/snapshots.md); numbers are never reused.</summary>
    private enum Field
    {
        Seen = 1,
        Expected = 2,
        Evidence = 3,
        Record = 4,
        LevelBlocks = 5,
        LevelBlock = 6,
        DayHigh = 7,
        DayHighAt = 8,

        // The measurement model's state (MeasuredVolumeModel), present once buckets with measured values were seen.
        Measured = 9,
    }

    private double ExpectedCount(SubjectSeries series, int observed)
    {
        var day = series.BucketsPerDay;
        var n = 0;
        for (var d = 1; d <= SeasonalDays; d++)
        {
            for (var j = -1; j <= 1; j++)
            {
                var ago = (d * day) + j;
                if (ago < series.Count)
                {
                    _window[n++] = Math.Log(series.MentionsAt(ago) + 1.0);
                }
            }
        }

        if (n < 3)
        {
            n = 0;
            for (var ago = 1; ago <= FirstDayBuckets && ago < series.Count; ago++)
            {
                _window[n++] = Math.Log(series.MentionsAt(ago) + 1.0);
            }
        }

        return n == 0 ? observed : Math.Exp(DetectorMath.MedianInPlace(_window.AsSpan(0, n))) - 1;
    }

    /// <summary>
    /// Whether the sustained level (the upper median of the last three hours' counts) beats its highest value in
    /// the past week. The week's maxima are kept per hour (168 values), the current hour's as a running maximum.
    /// </summary>
    private bool LevelRecord(SubjectSeries series, long t)
    {
        var n = (int)Math.Min(Math.Min(_levelWindow, t + 1), series.Count);
        for (var ago = 0; ago < n; ago++)
        {
            _level[ago] = series.MentionsAt(ago);
        }

        var window = _level.AsSpan(0, n);
        window.Sort();
        var level = window[n / 2];
        var weekHigh = _levelBlock;
        foreach (var b in _levelBlocks)
        {
            weekHigh = Math.Max(weekHigh, b);
        }

        var isRecord = level > weekHigh;
        if (t % _levelBlockLength == 0)
        {
            // A new hour starts: the oldest hour's maximum leaves the week, the finished hour's joins it.
            var hour = t / _levelBlockLength;
            if (t > 0)
            {
                _levelBlocks[(hour - 1) % _levelBlocks.Length] = _levelBlock;
            }

            _levelBlock = 0;
        }

        _levelBlock = Math.Max(_levelBlock, level);
        return isRecord;
    }

    private double DayHighBefore(long t)
    {
        var day = _evidence.Length;
        if (_dayHighAt >= 0 && t - _dayHighAt < day && _dayHighAt < t)
        {
            return _dayHigh;
        }

        var best = 0.0;
        var bestAt = -1L;
        for (var ago = Math.Min(day - 1, t); ago >= 1; ago--)
        {
            var e = _evidence[(t - ago) % day];
            if (e >= best)
            {
                best = e;
                bestAt = t - ago;
            }
        }

        _dayHigh = best;
        _dayHighAt = bestAt;
        return best;
    }
}
