namespace CrisisKit.Correlation;

/// <summary>Reads and writes candidates in monitor snapshots.</summary>
internal static class CandidateSerializer
{
    public static void Write(BinaryWriter writer, CrisisCandidate? candidate)
    {
        writer.Write(candidate is not null);
        if (candidate is null)
        {
            return;
        }

        writer.Write(candidate.Id);
        writer.Write(candidate.SubjectId);
        writer.Write((int)candidate.Status);
        writer.Write(candidate.FirstSignalAt.UtcTicks);
        writer.Write(candidate.LastSignalAt.UtcTicks);
        writer.Write(candidate.PeakAt.UtcTicks);
        writer.Write(candidate.PeakScore);
        writer.Write(candidate.SignalCount);
        writer.Write(candidate.ClosedAt?.UtcTicks ?? -1);
        writer.Write(candidate.Reopened);
        writer.Write(candidate.Reasons.Count);
        foreach (var r in candidate.Reasons)
        {
            writer.Write(r.Detector);
            writer.Write(r.BucketStart.UtcTicks);
            writer.Write(r.Contribution);
            writer.Write(r.Reason);
        }

        writer.Write(candidate.TopTerms.Count);
        foreach (var t in candidate.TopTerms)
        {
            writer.Write(t);
        }

        var m = candidate.Metrics;
        writer.Write(m.Mentions);
        writer.Write(m.NegativeMentions);
        writer.Write(m.PeakMentions);
        writer.Write(m.ExpectedMentions);
        writer.Write(m.PeakNegativeShare);
        writer.Write(m.UsualNegativeShare);
        writer.Write(m.PotentialReach);
        writer.Write(m.TopNegativeAuthorFollowers);
        writer.Write(m.TopNegativeAuthor ?? "");
        writer.Write(m.PeakSpread);
        writer.Write(m.UsualSpread);
        writer.Write(string.Join(",", m.Platforms));
        writer.Write(m.Category is { } category ? (int)category : -1);
    }

    public static CrisisCandidate? Read(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }

        var id = reader.ReadString();
        var subject = reader.ReadString();
        var status = (CandidateStatus)reader.ReadInt32();
        var first = At(reader.ReadInt64());
        var last = At(reader.ReadInt64());
        var peakAt = At(reader.ReadInt64());
        var peak = reader.ReadDouble();
        var count = reader.ReadInt32();
        var closed = reader.ReadInt64();
        var reopened = reader.ReadInt32();
        var reasons = new CandidateReason[Count(reader.ReadInt32())];
        for (var i = 0; i < reasons.Length; i++)
        {
            reasons[i] = new CandidateReason(reader.ReadString(), At(reader.ReadInt64()), reader.ReadDouble(), reader.ReadString());
        }

        var terms = new string[Count(reader.ReadInt32())];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = reader.ReadString();
        }

        var metrics = new CandidateMetrics
        {
            Mentions = reader.ReadInt64(),
            NegativeMentions = reader.ReadInt64(),
            PeakMentions = reader.ReadInt32(),
            ExpectedMentions = reader.ReadDouble(),
            PeakNegativeShare = reader.ReadDouble(),
            UsualNegativeShare = reader.ReadDouble(),
            PotentialReach = reader.ReadDouble(),
            TopNegativeAuthorFollowers = reader.ReadInt64(),
            TopNegativeAuthor = reader.ReadString() is { Length: > 0 } handle ? handle : null,
            PeakSpread = reader.ReadInt32(),
            UsualSpread = reader.ReadDouble(),
            Platforms = reader.ReadString().Split(',', StringSplitOptions.RemoveEmptyEntries),
            Category = reader.ReadInt32() is var c && c >= 0 ? (CrisisKit.Categories.CrisisCategory)c : null,
        };

        return new CrisisCandidate
        {
            Metrics = metrics,
            Id = id,
            SubjectId = subject,
            Status = status,
            FirstSignalAt = first,
            LastSignalAt = last,
            PeakAt = peakAt,
            PeakScore = peak,
            SignalCount = count,
            ClosedAt = closed < 0 ? null : At(closed),
            Reopened = reopened,
            Reasons = reasons,
            TopTerms = terms,
        };
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);

    private static int Count(int count) => count is >= 0 and <= 1000 ? count : throw new InvalidDataException("The snapshot's candidate data is corrupt.");
}
