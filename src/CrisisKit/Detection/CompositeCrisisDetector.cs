using CrisisKit.Aggregation;
using CrisisKit.Categories;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// Combines the six built-in detectors, and any added with <c>AddDetector</c>, into one crisis score, keeping each
/// one's contribution: its score times its weight (<see cref="DetectionOptions.DetectorWeights"/>). A crisis is
/// trouble, not just attention, so the signals that measure attention (<see cref="DetectionOptions.GatedDetectors"/>:
/// by default volume, emerging terms, share velocity) also count in proportion to how far the bucket's negative share
/// is above the usual share: a bot flood or a product launch with ordinary sentiment does not raise a crisis however
/// loud it is. The contributions combine as independent evidence: score = 1 − Π(1 − contribution).
/// </summary>
internal sealed class CompositeCrisisDetector : ICrisisDetector, ISnapshotState
{
    /// <summary>The detector's name.</summary>
    public const string DetectorName = "composite";

    private const int BuiltIn = 6;
    private readonly VolumeSpikeDetector _volume;
    private readonly NegativeShiftDetector _negative = new();
    private readonly EmergingTermsDetector _terms;
    private readonly ShareVelocityDetector _shares = new();
    private readonly CategoryShiftDetector _categories = new();
    private readonly ICrisisDetector[] _detectors;
    private readonly double[] _weights;
    private readonly bool[] _gated;
    private readonly DetectorSignal[] _signals;
    private readonly double[] _contributions;

    /// <summary>Creates the composite with the built-in detectors set from <paramref name="options"/>, and <paramref name="added"/> after them.</summary>
    /// <param name="options">The detection options; <see langword="null"/> for the defaults.</param>
    /// <param name="added">Detectors of the app's own, each used for this composite only.</param>
    public CompositeCrisisDetector(DetectionOptions? options = null, IReadOnlyList<ICrisisDetector>? added = null)
    {
        options ??= new DetectionOptions();
        _volume = new VolumeSpikeDetector(options);
        _terms = new EmergingTermsDetector(options.EmergingTermMinimumCount);
        _detectors = [_volume, _negative, _terms, new HighReachDetector(options.HighReachFollowers), _shares, _categories, .. added ?? []];
        _weights = [.. _detectors.Select(d => options.DetectorWeights.TryGetValue(d.Name, out var weight) ? weight : 1)];
        _gated = [.. _detectors.Select(d => options.GatedDetectors.Contains(d.Name))];
        _signals = new DetectorSignal[_detectors.Length];
        _contributions = new double[_detectors.Length];
    }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <summary>The component signals of the newest bucket, in the order volume, negative share, emerging terms, high-reach author, share velocity, category shift, then the added detectors.</summary>
    public ReadOnlySpan<DetectorSignal> Signals => _signals;

    /// <summary>Each component's contribution to the newest crisis score (after its weight and the negativity gate), in the order of <see cref="Signals"/>.</summary>
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
        for (var i = 0; i < _detectors.Length; i++)
        {
            _signals[i] = _detectors[i].Evaluate(series);
        }

        var share = series.Count == 0 ? 0 : series[0].NegativeShare;
        var usual = _negative.ExpectedShare;
        var gate = DetectorMath.Clamp01((share - usual) / Math.Max(usual, 0.1));
        NegativityGate = gate;
        var quiet = 1.0;
        for (var i = 0; i < _detectors.Length; i++)
        {
            var c = DetectorMath.Clamp01(_signals[i].Score) * _weights[i] * (_gated[i] ? gate : 1);
            _contributions[i] = c;
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
        for (var i = 0; i < BuiltIn; i++)
        {
            writer.WriteMessage((Field)(i + 1), (ISnapshotState)_detectors[i]);
        }

        for (var i = BuiltIn; i < _detectors.Length; i++)
        {
            writer.WriteMessage(Field.Added, new AddedState(_detectors[i]));
        }
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case >= Field.Volume and <= Field.CategoryShift:
                    reader.ReadMessage((ISnapshotState)_detectors[(int)field - 1]);
                    break;
                case Field.Added:
                    reader.ReadMessage(new AddedState(_detectors.AsSpan(BuiltIn).ToArray()));
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

        // One message per detector added with AddDetector: its name, then what its SaveState wrote, as it is.
        Added = 7,
    }

    /// <summary>An added detector's state in snapshots: written for one detector, read into the one of the same name (skipped when none has it).</summary>
    private sealed class AddedState(params ICrisisDetector[] detectors) : ISnapshotState
    {
        void ISnapshotState.Write(SnapshotWriter writer)
        {
            var detector = detectors[0];
            writer.WriteString(AddedField.Name, detector.Name);
            DetectorStateBlob.WriteOpaque(writer, AddedField.State, detector);
        }

        void ISnapshotState.Read(ref SnapshotReader reader)
        {
            ICrisisDetector? detector = null;
            while (reader.Next(out AddedField field))
            {
                switch (field)
                {
                    case AddedField.Name:
                        var name = reader.ReadString();
                        detector = Array.Find(detectors, d => d.Name == name);
                        break;
                    case AddedField.State when detector is not null:
                        DetectorStateBlob.ReadOpaque(ref reader, detector);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }

        private enum AddedField
        {
            Name = 1,
            State = 2,
        }
    }
}
