using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// How much one bucket may teach a usual share: no bucket weighs more than the usual volume, and the usual volume
/// itself moves by at most a doubling per update, so a flood of spam hardly moves what is usual. Evidence that is
/// piling up (above 3 nats) slows learning tenfold, so a crisis does not become the new normal within hours.
/// </summary>
internal sealed class LearningWeight : ISnapshotState
{
    private const double MinimumCap = 5;
    private double _usualVolume;

    /// <summary>The weight for a bucket of <paramref name="mentions"/> while the evidence is <paramref name="evidence"/>; then learns the volume.</summary>
    public double Next(int mentions, double evidence)
    {
        var cap = Math.Max(MinimumCap, _usualVolume);
        var weight = mentions > cap ? cap / mentions : 1.0;
        _usualVolume += (1.0 / 288) * (Math.Min(mentions, 2 * cap) - _usualVolume);
        return (evidence > 3 ? 0.1 : 1.0) * weight;
    }

    void ISnapshotState.Write(SnapshotWriter writer) => writer.WriteDouble(Field.UsualVolume, _usualVolume);

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.UsualVolume:
                    _usualVolume = reader.ReadDouble();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>The fields of the weight's state in snapshots (docs/snapshots.md); numbers are never reused.</summary>
    private enum Field
    {
        UsualVolume = 1,
    }
}
