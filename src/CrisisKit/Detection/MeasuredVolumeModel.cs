using CrisisKit.Aggregation;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// The volume detector's model for a series of measurements rather than mention counts (values with fractions, such
/// as CPU load, latency or a temperature, read with <see cref="SubjectSeries.ValueAt"/>), where Poisson noise says
/// nothing about the spread and a departure either way is news.
/// </summary>
/// <remarks>
/// Two forecasts of each bucket are kept from earlier buckets: the median of the last day (the local level) and the
/// median of the same time of day (±1 bucket) on each of the previous days kept, up to a week (the daily rhythm). Each
/// forecast's typical error is an exponentially weighted mean absolute error over about a day (over
/// <see cref="EstimateBuckets"/> buckets where a day holds fewer), each error clipped at
/// four times the current typical one so a burst does not teach the model that bursts are usual; the bucket is judged
/// against the forecast that has erred least, so the rhythm is used only where the series shows it, and a sustained
/// level shift becomes the new level within half a day (the median follows it) instead of alarming for ever. The
/// surprise is the distance from that forecast in standard deviations (1.25 mean absolute errors), either way. A
/// series' surprises are not equally heavy-tailed from one series to another, so the score compares the surprise with
/// the strongest of the recent past, a record that halves every two days (every <see cref="EstimateBuckets"/> buckets
/// where two days hold fewer; at least 3 standard deviations): one half
/// when the surprise is 1.17 times the record, towards 1 as it outgrows it. A burst therefore scores once, at its start, and a
/// smaller one scores again after the record has faded. A value that leaves the range of every value the series keeps (a
/// week by default) by more than three standard deviations is a new extreme, which recurring spikes and daily swings
/// are not: its surprise weighs 1.5 times as much against the record, so a second anomaly soon after a larger one can
/// still score. A departure that at least half of the previous days kept (and at least two) also reached within an hour
/// of the same time of day is the series' daily habit, such as a nightly job's load spike whose minute varies too much for the
/// daily median to expect it: its surprise weighs half as much against the record. The first day (at least 48 buckets)
/// only learns. Beside the departure, <see cref="ContextNovelty"/> judges whether the latest values make a pattern the series
/// has not shown before (a new shape, not only a new size); the bucket scores the larger of the two.
/// </remarks>
internal sealed class MeasuredVolumeModel : ISnapshotState
{
    private const int SeasonalDays = 7;
    private const int Local = 0;
    private const int Seasonal = 1;
    private const int Forecasts = 2;
    private const double Clip = 4;
    private const double RecordFloor = 3;

    /// <summary>
    /// The fewest buckets the typical error averages over and the record's half-life spans, whatever the bucket size (a
    /// day of five-minute buckets). Both are estimates from the series' own values: a day of hourly buckets holds 24
    /// errors, too few to know the series' typical error or how large its ordinary departures get, so an hourly series
    /// alarmed on its everyday noise. The daily rhythm and the local level stay spans of time.
    /// </summary>
    public const int EstimateBuckets = 288;

    // Surprises are counted up to this many standard deviations either way: a value near the end of the doubles (1e308
    // against a typical error of 0.1) would otherwise make the surprise and the record infinite, and no later bucket
    // could ever score again. From this cap the record fades back to ordinary surprises within about three weeks.
    private const double MaxSurprise = 10_000;

    // Whole numbers whose variance is under this share of their mean vary less than counts of events: a measurement.
    private const double PoissonShare = 0.75;

    // The surprise, as a multiple of the faded record, at which the score is one half.
    private const double HalfScoreRatio = 1.17;

    // A value beyond the range the series kept (a week) by more than this many standard deviations is a new extreme,
    // and its surprise weighs this much more against the record.
    private const double NewExtremeMargin = 3;
    private const double NewExtremeWeight = 1.5;

    // A departure that at least half of the previous days (and at least two) reached within an hour of the same time of
    // day is a daily habit, and its surprise weighs this many times less against the record.
    private const double DailyHabitWeight = 2;

    // A new pattern (ContextNovelty) scores as a departure of the same weight: a novelty of 0.7 scores the volume
    // detector's NAB threshold (0.5319), both levels chosen on NAB's corpus with leave-one-series-out validation.
    private const double NoveltyWeight = 0.76;

    [ThreadStatic]
    private static double[]? s_scratch;

    private readonly int _localBuckets;
    private readonly int _warmUp;
    private readonly int _errorBuckets;
    private readonly int _habitBuckets;
    private readonly double _recordDecay;
    private readonly double[] _error = new double[Forecasts];
    private readonly long[] _errors = new long[Forecasts];
    private long _seen;
    private double _record;
    private bool _fractional;
    private double _valueSum;
    private double _stepSquares;
    private readonly ContextNovelty _novelty = new();

    /// <summary>Creates the model for buckets of <paramref name="bucket"/>.</summary>
    public MeasuredVolumeModel(TimeSpan bucket)
    {
        int Buckets(TimeSpan span) => (int)Math.Max(1, span.Ticks / bucket.Ticks);
        _localBuckets = Math.Max(24, Buckets(TimeSpan.FromDays(1)));
        _warmUp = Math.Max(48, Buckets(TimeSpan.FromDays(1)));
        _errorBuckets = Math.Max(EstimateBuckets, Buckets(TimeSpan.FromDays(1)));
        _recordDecay = Math.Pow(0.5, 1.0 / Math.Max(EstimateBuckets, Buckets(TimeSpan.FromDays(2))));
        _habitBuckets = Buckets(TimeSpan.FromHours(1));
    }

    /// <summary>
    /// Whether the series is a measurement, not a count: a value with a fraction (or below zero) has been seen, or,
    /// after the first day, its bucket-to-bucket variation is below what counts of independent events show.
    /// </summary>
    /// <remarks>
    /// Counts of independent events vary at least as much as Poisson counts, whose variance equals their mean. The
    /// variance is estimated as half the mean squared step between successive buckets (so a slow daily rhythm hardly
    /// counts), and compared with the mean value: whole numbers that vary clearly less than that, under three quarters
    /// of it (a speed, a temperature in whole degrees), are measurements that happen to be recorded without fractions.
    /// The margin is for the estimate's own noise (about a tenth after a day of five-minute buckets), so counts that
    /// vary just as Poisson counts do stay counts.
    /// </remarks>
    public bool IsMeasurement => _fractional || (_seen > _warmUp && _valueSum > 0 && _stepSquares / 2 / (_seen - 1) < PoissonShare * _valueSum / _seen);

    /// <summary>The newest bucket's forecast.</summary>
    public double Expected { get; private set; }

    /// <summary>Whether the newest bucket's score is that of a new pattern of values (<see cref="ContextNovelty"/>) rather than of its departure from the forecast.</summary>
    public bool NewPattern { get; private set; }

    /// <summary>The newest bucket's surprise: its distance from the forecast in standard deviations (positive above, negative below).</summary>
    public double Surprise { get; private set; }

    /// <summary>Scores the newest bucket of <paramref name="series"/> (not empty) from 0 to 1 and learns from it.</summary>
    public double Evaluate(SubjectSeries series)
    {
        var t = _seen++;
        var observed = series.ValueAt(0);
        if (observed < 0 || observed != Math.Floor(observed))
        {
            _fractional = true;
        }

        _valueSum += observed;
        if (t > 0 && series.Count > 1)
        {
            var step = observed - series.ValueAt(1);
            _stepSquares += step * step;
        }

        var history = series.Count - 1;
        Span<double> forecast = [history == 0 ? double.NaN : RecentMedian(series, Math.Min(_localBuckets, history)), SeasonalMedian(series)];

        // The forecast that has erred least so far judges this bucket; the daily one only after as many errors as its average spans.
        var best = -1;
        for (var k = 0; k < Forecasts; k++)
        {
            if (!double.IsNaN(forecast[k]) && _errors[k] >= (k == Local ? 1 : _errorBuckets) && (best < 0 || _error[k] < _error[best]))
            {
                best = k;
            }
        }

        Expected = best < 0 ? observed : forecast[best];
        var spread = best < 0 ? 0 : 1.25 * _error[best];
        var surprise = spread > 0 ? Math.Clamp((observed - Expected) / spread, -MaxSurprise, MaxSurprise) : 0;
        Surprise = surprise;

        for (var k = 0; k < Forecasts; k++)
        {
            if (!double.IsNaN(forecast[k]))
            {
                var error = Math.Abs(observed - forecast[k]);
                var n = ++_errors[k];
                // Clipping needs a typical error to clip at: one of 0 (the first buckets repeated a value) would hold the
                // typical error at 0 for ever, so the series would never be surprising.
                if (n > 1 && _error[k] > 0)
                {
                    error = Math.Min(error, Clip * _error[k]);
                }

                _error[k] += Math.Max(1.0 / _errorBuckets, 1.0 / n) * (error - _error[k]);
            }
        }

        var evidence = Math.Abs(surprise);
        var ratio = evidence / Math.Max(RecordFloor, _record);
        if (best >= 0 && NewExtreme(series, observed, NewExtremeMargin * spread))
        {
            ratio *= NewExtremeWeight;
        }
        else if (best >= 0 && t >= _warmUp && DailyHabit(series, observed, surprise >= 0, _habitBuckets))
        {
            ratio /= DailyHabitWeight;
        }

        _record = Math.Max(_record * _recordDecay, evidence);
        var departure = t < _warmUp || best < 0 ? 0 : ratio / (ratio + HalfScoreRatio);
        var pattern = NoveltyWeight * _novelty.Next(observed);
        NewPattern = pattern > departure;
        return Math.Max(departure, pattern);
    }

    void ISnapshotState.Write(SnapshotWriter writer)
    {
        writer.WriteInt64(Field.Seen, _seen);
        writer.WriteDoubles(Field.Error, _error);
        writer.WriteInt64(Field.LocalErrors, _errors[Local]);
        writer.WriteInt64(Field.SeasonalErrors, _errors[Seasonal]);
        writer.WriteDouble(Field.Record, _record);
        writer.WriteBoolean(Field.Fractional, _fractional);
        writer.WriteDouble(Field.ValueSum, _valueSum);
        writer.WriteDouble(Field.StepSquares, _stepSquares);
        writer.WriteMessage(Field.Novelty, _novelty);
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
                case Field.Error:
                    reader.ReadDoubles(_error);
                    break;
                case Field.LocalErrors:
                    _errors[Local] = reader.ReadInt64() is >= 0 and var local ? local : throw reader.Corrupt("a negative error count");
                    break;
                case Field.SeasonalErrors:
                    _errors[Seasonal] = reader.ReadInt64() is >= 0 and var seasonal ? seasonal : throw reader.Corrupt("a negative error count");
                    break;
                case Field.Record:
                    _record = reader.ReadDouble();
                    break;
                case Field.Fractional:
                    _fractional = reader.ReadBoolean();
                    break;
                case Field.ValueSum:
                    _valueSum = reader.ReadDouble();
                    break;
                case Field.StepSquares:
                    _stepSquares = reader.ReadDouble() is >= 0 and var squares ? squares : throw reader.Corrupt("a negative sum of squares");
                    break;
                case Field.Novelty:
                    // Absent from snapshots before format 2.3: the novelty then learns the range again from the buckets that follow.
                    reader.ReadMessage(_novelty);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>The fields of this model's state in snapshots (docs/snapshots.md); numbers are never reused.</summary>
    private enum Field
    {
        Seen = 1,
        Error = 2,
        LocalErrors = 3,
        SeasonalErrors = 4,
        Record = 5,
        Fractional = 6,
        ValueSum = 7,
        StepSquares = 8,
        Novelty = 9,
    }

    private static double[] Scratch(int length)
    {
        var scratch = s_scratch;
        if (scratch is null || scratch.Length < length)
        {
            scratch = s_scratch = new double[Math.Max(length, 512)];
        }

        return scratch;
    }

    /// <summary>
    /// Whether <paramref name="value"/> lies more than <paramref name="margin"/> above the highest or below the lowest of
    /// the values before it that the series keeps.
    /// </summary>
    private static bool NewExtreme(SubjectSeries series, double value, double margin)
    {
        var low = double.MaxValue;
        var high = double.MinValue;
        for (var ago = 1; ago < series.Count; ago++)
        {
            var kept = series.ValueAt(ago);
            low = Math.Min(low, kept);
            high = Math.Max(high, kept);
        }

        return value > high + margin || value < low - margin;
    }

    /// <summary>
    /// Whether at least half of the previous days kept (and at least two) reached <paramref name="value"/> within <paramref name="half"/>
    /// buckets of the same time of day: at or above it for a rise (<paramref name="rise"/>), at or below it for a drop.
    /// </summary>
    private static bool DailyHabit(SubjectSeries series, double value, bool rise, int half)
    {
        var day = series.BucketsPerDay;
        half = Math.Min(half, (day - 1) / 2);
        var days = 0;
        var reached = 0;
        for (var d = 1; d <= SeasonalDays && (d * day) + half < series.Count; d++)
        {
            days++;
            for (var ago = (d * day) - half; ago <= (d * day) + half; ago++)
            {
                var kept = series.ValueAt(ago);
                if (rise ? kept >= value : kept <= value)
                {
                    reached++;
                    break;
                }
            }
        }

        return reached >= 2 && 2 * reached >= days;
    }

    /// <summary>The median of the <paramref name="n"/> buckets before the newest.</summary>
    private static double RecentMedian(SubjectSeries series, int n)
    {
        var values = Scratch(n);
        for (var i = 0; i < n; i++)
        {
            values[i] = series.ValueAt(i + 1);
        }

        return DetectorMath.MedianInPlace(values.AsSpan(0, n));
    }

    /// <summary>The median of the same time of day (±1 bucket) on the previous days kept, up to a week; NaN before a day has passed.</summary>
    private static double SeasonalMedian(SubjectSeries series)
    {
        var day = series.BucketsPerDay;
        var values = Scratch(SeasonalDays * 3);
        var n = 0;
        for (var d = 1; d <= SeasonalDays; d++)
        {
            for (var j = -1; j <= 1; j++)
            {
                var ago = (d * day) + j;
                if (ago < series.Count)
                {
                    values[n++] = series.ValueAt(ago);
                }
            }
        }

        return n < 3 ? double.NaN : DetectorMath.MedianInPlace(values.AsSpan(0, n));
    }
}
