using CrisisKit.Aggregation;
using CrisisKit.Categories;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// Combines the six built-in detectors into one crisis score, keeping each one's contribution. A crisis is
/// trouble, not just attention, so the signals that measure attention (volume, emerging terms, share velocity)
/// count in proportion to how far the bucket's negative share is above the usual share: a bot flood or a
/// product launch with ordinary sentiment does not raise a crisis however loud it is. The negative-share and
/// category-shift signals count in full; a high-reach critic counts at most 0.45, so one post alone does not raise a crisis but tips a
/// bucket over the threshold together with any other evidence. The contributions combine as independent evidence:
/// score = 1 − Π(1 − contribution).
/// </summary>
internal sealed class CompositeCrisisDetector : ICrisisDetector, ISnapshotState
{
    /// <summary>The detector's name.</summary>
    public const string DetectorName = "composite";

    private const double HighReachWeight = 0.45;
    private readonly VolumeSpikeDetector _volume;
    private readonly NegativeShiftDetector _negative = new();
    private readonly EmergingTermsDetector _terms;
    private readonly HighReachDetector _reach;
    private readonly ShareVelocityDetector _shares = new();
    private readonly CategoryShiftDetector _categories = new();
    private readonly DetectorSignal[] _signals = new DetectorSignal[6];
    private readonly double[] _contributions = new double[6];

    /// <summary>Creates the composite with the built-in detectors set from <paramref name="options"/>.</summary>
    /// <param name="options">The detection options; <see langword="null"/> for the defaults.</param>
    public CompositeCrisisDetector(DetectionOptions? options = null)
    {
        options ??= new DetectionOptions();
        _volume = new VolumeSpikeDetector(options);
        _terms = new EmergingTermsDetector(options.EmergingTermMinimumCount);
        _reach = new HighReachDetector(options.HighReachFollowers);
    }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <summary>The component signals of the newest bucket, in the order volume, negative share, emerging terms, high-reach author, share velocity, category shift.</summary>
    public ReadOnlySpan<DetectorSignal> Signals => _signals;

    /// <summary>Each component's contribution to the newest crisis score (after the negativity gate), in the order of <see cref="Signals"/>.</summary>
    public ReadOnlySpan<double> Contributions => _contributions;

    /// <summary>The crisis category with the most evidence (see <see cref="CategoryShiftDetector.Leading"/>), when its signal contributes.</summary>
    public CrisisCategory? LeadingCategory => _contributions[5] >= 0.1 ? _categories.Leading : null;

    /// <summary>The terms bursting in the newest bucket (see <see cref="EmergingTermsDetector.TopTerms"/>).</summary>
    public IReadOnlyList<string> TopTerms => _terms.TopTerms;

    /// <summary>The mentions the volume detector expected for the newest bucket.</summary>
    public double ExpectedMentions => _volume.Expected;

    /// <summary>The negative share usual before the newest bucket.</summary>
    public double UsualNegativeShare => _negative.ExpectedShare;

    /// <summary>The shares, quotes and replies usual for one bucket before the newest.</summary>
    public double UsualSpread => _shares.Usual;

    /// <summary>How much the attention signals count in the newest bucket, from 0 to 1, by how far the negative share is above usual.</summary>
    public double NegativityGate { get; private set; }

    /// <inheritdoc />
    public DetectorSignal Evaluate(SubjectSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _signals[0] = _volume.Evaluate(series);
        _signals[1] = _negative.Evaluate(series);
        _signals[2] = _terms.Evaluate(series);
        _signals[3] = _reach.Evaluate(series);
        _signals[4] = _shares.Evaluate(series);
        _signals[5] = _categories.Evaluate(series);
        var share = series.Count == 0 ? 0 : series[0].NegativeShare;
        var usual = _negative.ExpectedShare;
        var gate = DetectorMath.Clamp01((share - usual) / Math.Max(usual, 0.1));
        NegativityGate = gate;
        _contributions[0] = _signals[0].Score * gate;
        _contributions[1] = _signals[1].Score;
        _contributions[2] = _signals[2].Score * gate;
        _contributions[3] = HighReachWeight * _signals[3].Score;
        _contributions[4] = _signals[4].Score * gate;
        _contributions[5] = _signals[5].Score;
        var quiet = 1.0;
        foreach (var c in _contributions)
        {
            quiet *= 1 - c;
        }

        var score = 1 - quiet;
        string? reason = null;
        if (score >= DetectorSignal.ExplainFrom)
        {
            var parts = new List<string>();
            for (var i = 0; i < _signals.Length; i++)
            {
                if (_contributions[i] >= 0.1 && _signals[i].Reason is { } why)
                {
                    parts.Add($"{_signals[i].Detector} {_contributions[i]:0.00}: {why}");
                }
            }

            reason = string.Join("; ", parts);
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
        writer.WriteMessage(Field.Volume, _volume);
        writer.WriteMessage(Field.NegativeShift, _negative);
        writer.WriteMessage(Field.EmergingTerms, _terms);
        writer.WriteMessage(Field.HighReach, _reach);
        writer.WriteMessage(Field.ShareVelocity, _shares);
        writer.WriteMessage(Field.CategoryShift, _categories);
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.Volume:
                    reader.ReadMessage(_volume);
                    break;
                case Field.NegativeShift:
                    reader.ReadMessage(_negative);
                    break;
                case Field.EmergingTerms:
                    reader.ReadMessage(_terms);
                    break;
                case Field.HighReach:
                    reader.ReadMessage(_reach);
                    break;
                case Field.ShareVelocity:
                    reader.ReadMessage(_shares);
                    break;
                case Field.CategoryShift:
                    reader.ReadMessage(_categories);
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
        Volume = 1,
        NegativeShift = 2,
        EmergingTerms = 3,
        HighReach = 4,
        ShareVelocity = 5,
        CategoryShift = 6,
    }
}
