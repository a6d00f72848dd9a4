using CrisisKit.Aggregation;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// A term or hashtag bursting relative to its own background: for each term counted in the newest bucket, the
/// Poisson-style z-score of its count against its background rate per bucket (a running mean over about a day,
/// kept by the series' term sketch). A term needs <see cref="DetectionOptions.EmergingTermMinimumCount"/>
/// mentions in the bucket and at least a tenth of the bucket's mentions; the subject's own names never count.
/// Quiet for the first six hours of a series, while backgrounds form.
/// </summary>
/// <param name="minimumCount">The fewest mentions of a term in one bucket.</param>
internal sealed class EmergingTermsDetector(int minimumCount = 8) : ICrisisDetector, ISnapshotState
{
    /// <summary>The detector's name.</summary>
    public const string DetectorName = "emerging-terms";

    private const double ZFrom = 4;
    private const double ZScale = 8;
    private const int TopTermCount = 5;

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <summary>The terms bursting in the newest bucket, strongest first, when the score reached <see cref="DetectorSignal.ExplainFrom"/>; empty otherwise.</summary>
    public IReadOnlyList<string> TopTerms { get; private set; } = [];

    /// <inheritdoc />
    public DetectorSignal Evaluate(SubjectSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        TopTerms = [];
        if (series.Count == 0 || series.TotalBuckets < series.BucketsPerDay / 4)
        {
            return new DetectorSignal(Name, 0, null);
        }

        var terms = series.Terms;
        var parity = series.LatestParity;
        var mentions = series.MentionsAt(0);
        var floor = Math.Max(minimumCount, mentions / 10.0);
        var best = -1;
        var bestZ = 0.0;
        for (var slot = 0; slot < terms.Used; slot++)
        {
            var count = terms.CountOf(slot, parity);
            if (count < floor)
            {
                continue;
            }

            var z = Burst(count, terms.BackgroundOf(slot));
            if (z > bestZ)
            {
                bestZ = z;
                best = slot;
            }
        }

        var score = best < 0 ? 0 : DetectorMath.Saturate(bestZ, ZFrom, ZScale);
        if (score < DetectorSignal.ExplainFrom)
        {
            return new DetectorSignal(Name, score, null);
        }

        var top = new List<(string Term, int Count, float Background, double Z)>();
        for (var slot = 0; slot < terms.Used; slot++)
        {
            var count = terms.CountOf(slot, parity);
            if (count >= floor && Burst(count, terms.BackgroundOf(slot)) > ZFrom)
            {
                top.Add((terms.TextOf(slot), count, terms.BackgroundOf(slot), Burst(count, terms.BackgroundOf(slot))));
            }
        }

        top.Sort((a, b) => b.Z.CompareTo(a.Z) is var c && c != 0 ? c : string.CompareOrdinal(a.Term, b.Term));
        TopTerms = [.. top.Take(TopTermCount).Select(t => t.Term)];
        var lead = top[0];
        var reason = $"'{lead.Term}' in {lead.Count} of {mentions} mentions vs {DetectorMath.Number(lead.Background)} per bucket usually";
        if (top.Count > 1)
        {
            reason += "; also " + string.Join(", ", top.Skip(1).Take(TopTermCount - 1).Select(t => $"'{t.Term}' ({t.Count})"));
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

    /// <summary>Writes nothing: the term backgrounds live in the series' term sketch. The empty message keeps a place for fields to come.</summary>
    void ISnapshotState.Write(SnapshotWriter writer)
    {
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field _))
        {
            reader.Skip();
        }
    }

    /// <summary>The fields of this detector's state in snapshots (docs/snapshots.md): none yet.</summary>
    private enum Field
    {
    }

    private static double Burst(int count, float background) => (count - background) / Math.Sqrt(background + 1);
}
