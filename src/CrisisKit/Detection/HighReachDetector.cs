using CrisisKit.Aggregation;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// An influencer or news account turning on the subject: the most-followed author of a negative mention in the
/// bucket, judged against a reach threshold (<see cref="DetectionOptions.HighReachFollowers"/>, raised to three
/// times the subject's usual top negative reach for subjects that always draw big critics). The score grows with
/// the logarithm of followers over that threshold: half at the threshold, full at ten times it.
/// </summary>
/// <param name="highReachFollowers">The follower count from which an author counts as high-reach.</param>
internal sealed class HighReachDetector(long highReachFollowers = 50_000) : ICrisisDetector, ISnapshotState
{
    /// <summary>The detector's name.</summary>
    public const string DetectorName = "high-reach-author";

    private const double Smoothing = 1.0 / 288;
    private double _usualLog;

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc />
    public DetectorSignal Evaluate(SubjectSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var author = series.TopNegativeAuthor;
        var followers = author?.Followers ?? 0;
        var reference = Math.Max(highReachFollowers, 3 * Math.Exp(_usualLog));
        var score = followers < reference ? 0 : DetectorMath.Clamp01(0.5 + (0.5 * Math.Log10(followers / reference)));

        _usualLog += Smoothing * (Math.Log(followers + 1.0) - _usualLog);
        string? reason = null;
        if (score >= DetectorSignal.ExplainFrom && author is not null)
        {
            reason = $"@{author.Handle.TrimStart('@')} ({DetectorMath.Number(followers)} followers{(author.Verified ? ", verified" : "")}) posted a negative mention (sentiment {series.TopNegativeAuthorSentiment:0.00}); high reach here starts at {DetectorMath.Number(reference)}";
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
        writer.WriteDouble(Field.UsualLog, _usualLog);
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.UsualLog:
                    _usualLog = reader.ReadDouble();
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
        UsualLog = 1,
    }
}
