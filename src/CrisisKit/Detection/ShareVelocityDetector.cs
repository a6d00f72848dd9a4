using CrisisKit.Aggregation;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// Content spreading faster than usual: the bucket's shares, quotes and replies on a log scale against their
/// running mean and mean absolute deviation (over about a day, learning clipped so a burst does not become the
/// norm at once). The score rises from three deviations above the mean.
/// </summary>
internal sealed class ShareVelocityDetector : ICrisisDetector, ISnapshotState
{
    /// <summary>The detector's name.</summary>
    public const string DetectorName = "share-velocity";

    private const double Smoothing = 1.0 / 288;
    private const double ZFrom = 3;
    private const double ZScale = 6;
    private double _mean;
    private double _spread = 0.5;
    private long _seen;

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <summary>The shares, quotes and replies usual for one bucket, as of before the newest bucket.</summary>
    public double Usual { get; private set; }

    /// <inheritdoc />
    public DetectorSignal Evaluate(SubjectSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            return new DetectorSignal(Name, 0, null);
        }

        var bucket = series[0];
        var spreadCount = (double)bucket.Shares + bucket.Replies;
        var y = Math.Log(spreadCount + 1);
        var spread = Math.Max(_spread, 0.25);
        var z = _seen < 12 ? 0 : (y - _mean) / spread;
        var usual = Math.Exp(_mean) - 1;
        Usual = Math.Max(usual, 0);
        var clipped = Math.Clamp(y - _mean, -3 * spread, 3 * spread);
        var learn = _seen < 12 ? 1.0 / (_seen + 1) : Smoothing;
        _mean += learn * clipped;
        _spread += Smoothing * ((1.25 * Math.Abs(clipped)) - _spread);
        _seen++;
        var score = DetectorMath.Saturate(z, ZFrom, ZScale);
        string? reason = null;
        if (score >= DetectorSignal.ExplainFrom)
        {
            reason = $"{DetectorMath.Number(spreadCount)} shares, quotes and replies in {series.BucketSize.TotalMinutes:0} minutes vs about {DetectorMath.Number(usual)} usually";
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
        writer.WriteDouble(Field.Mean, _mean);
        writer.WriteDouble(Field.Spread, _spread);
        writer.WriteInt64(Field.Seen, _seen);
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.Mean:
                    _mean = reader.ReadDouble();
                    break;
                case Field.Spread:
                    _spread = reader.ReadDouble();
                    break;
                case Field.Seen:
                    _seen = reader.ReadInt64();
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
        Mean = 1,
        Spread = 2,
        Seen = 3,
    }
}
