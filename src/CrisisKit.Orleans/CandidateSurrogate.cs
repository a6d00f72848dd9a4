using CrisisKit.Correlation;
using CrisisKit.Snapshots;
using Orleans;

namespace CrisisKit.Orleans;

/// <summary>A <see cref="CrisisCandidate"/> on the wire: its snapshot message bytes (docs/snapshots.md), so a candidate crosses silos exactly as it is saved.</summary>
[GenerateSerializer, Immutable]
internal readonly struct CandidateSurrogate
{
    [Id(0)] public byte[] Bytes { get; init; }
}

/// <summary>Converts candidates to and from <see cref="CandidateSurrogate"/> for Orleans' serializer.</summary>
[RegisterConverter]
internal sealed class CandidateSurrogateConverter : IConverter<CrisisCandidate, CandidateSurrogate>
{
    public CrisisCandidate ConvertFromSurrogate(in CandidateSurrogate surrogate)
    {
        var reader = new SnapshotReader(surrogate.Bytes);
        while (reader.Next(out Field field))
        {
            if (field == Field.Candidate)
            {
                return CandidateSerializer.Read(ref reader);
            }

            reader.Skip();
        }

        throw new InvalidDataException("A crisis candidate on the wire has no Candidate field.");
    }

    public CandidateSurrogate ConvertToSurrogate(in CrisisCandidate value)
    {
        using var writer = new SnapshotWriter(1024);
        writer.WriteMessage(Field.Candidate, new CandidateSerializer(value));
        return new CandidateSurrogate { Bytes = writer.Written.ToArray() };
    }

    private enum Field
    {
        Candidate = 1,
    }
}
