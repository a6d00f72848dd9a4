using CrisisKit.Categories;
using CrisisKit.Snapshots;

namespace CrisisKit.Correlation;

/// <summary>
/// A crisis candidate as a message in snapshots (docs/snapshots.md). Candidates are immutable records, so the
/// serializer is a small struct holding one: written from the candidate, read into a new one.
/// </summary>
internal struct CandidateSerializer(CrisisCandidate? candidate) : ISnapshotState
{
    public CrisisCandidate? Candidate { get; private set; } = candidate;

    /// <summary>Reads the candidate in the current field (a nested message) of <paramref name="reader"/>.</summary>
    public static CrisisCandidate Read(ref SnapshotReader reader)
    {
        var serializer = new CandidateSerializer(null);
        reader.ReadMessage(ref serializer);
        return serializer.Candidate!;
    }

    readonly void ISnapshotState.Write(SnapshotWriter writer)
    {
        var c = Candidate!;
        writer.WriteString(Field.Id, c.Id);
        writer.WriteString(Field.SubjectId, c.SubjectId);
        writer.WriteInt64(Field.Status, (int)c.Status);
        writer.WriteInt64(Field.FirstSignalAt, c.FirstSignalAt.UtcTicks);
        writer.WriteInt64(Field.LastSignalAt, c.LastSignalAt.UtcTicks);
        writer.WriteInt64(Field.PeakAt, c.PeakAt.UtcTicks);
        writer.WriteDouble(Field.PeakScore, c.PeakScore);
        writer.WriteInt64(Field.SignalCount, c.SignalCount);
        if (c.ClosedAt is { } closedAt)
        {
            writer.WriteInt64(Field.ClosedAt, closedAt.UtcTicks);
        }

        writer.WriteInt64(Field.Reopened, c.Reopened);
        foreach (var reason in c.Reasons)
        {
            writer.WriteMessage(Field.Reason, new ReasonSerializer(reason));
        }

        foreach (var term in c.TopTerms)
        {
            writer.WriteString(Field.TopTerm, term);
        }

        writer.WriteMessage(Field.Metrics, new MetricsSerializer(c.Metrics));
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        string? id = null;
        string? subjectId = null;
        var candidate = new CrisisCandidate { Id = "", SubjectId = "" };
        List<CandidateReason> reasons = [];
        List<string> terms = [];
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.Id:
                    id = reader.ReadString();
                    break;
                case Field.SubjectId:
                    subjectId = reader.ReadString();
                    break;
                case Field.Status:
                    candidate = candidate with { Status = reader.ReadInt32() is var status && Enum.IsDefined((CandidateStatus)status) ? (CandidateStatus)status : throw reader.Corrupt($"{status} is not a candidate status") };
                    break;
                case Field.FirstSignalAt:
                    candidate = candidate with { FirstSignalAt = At(ref reader) };
                    break;
                case Field.LastSignalAt:
                    candidate = candidate with { LastSignalAt = At(ref reader) };
                    break;
                case Field.PeakAt:
                    candidate = candidate with { PeakAt = At(ref reader) };
                    break;
                case Field.PeakScore:
                    candidate = candidate with { PeakScore = reader.ReadDouble() };
                    break;
                case Field.SignalCount:
                    candidate = candidate with { SignalCount = reader.ReadInt32(0, int.MaxValue) };
                    break;
                case Field.ClosedAt:
                    candidate = candidate with { ClosedAt = At(ref reader) };
                    break;
                case Field.Reopened:
                    candidate = candidate with { Reopened = reader.ReadInt32(0, int.MaxValue) };
                    break;
                case Field.Reason:
                    var reason = new ReasonSerializer(null);
                    reader.ReadMessage(ref reason);
                    reasons.Add(reason.Reason!);
                    break;
                case Field.TopTerm:
                    terms.Add(reader.ReadString());
                    break;
                case Field.Metrics:
                    var metrics = new MetricsSerializer(new CandidateMetrics());
                    reader.ReadMessage(ref metrics);
                    candidate = candidate with { Metrics = metrics.Metrics };
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (id is null || subjectId is null)
        {
            throw reader.Corrupt($"a candidate without its {(id is null ? "Id (field 1)" : "SubjectId (field 2)")}");
        }

        Candidate = candidate with { Id = id, SubjectId = subjectId, Reasons = reasons, TopTerms = terms };
    }

    private static DateTimeOffset At(ref SnapshotReader reader) =>
        reader.ReadInt64() is var ticks && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw reader.Corrupt($"{ticks} ticks is not a time");

    /// <summary>The fields of a candidate in snapshots (docs/snapshots.md); numbers are never reused.</summary>
    private enum Field
    {
        Id = 1,
        SubjectId = 2,
        Status = 3,
        FirstSignalAt = 4,
        LastSignalAt = 5,
        PeakAt = 6,
        PeakScore = 7,
        SignalCount = 8,
        ClosedAt = 9,
        Reopened = 10,
        Reason = 11,
        TopTerm = 12,
        Metrics = 13,
    }

    /// <summary>One of a candidate's reasons.</summary>
    private struct ReasonSerializer(CandidateReason? reason) : ISnapshotState
    {
        public CandidateReason? Reason { get; private set; } = reason;

        readonly void ISnapshotState.Write(SnapshotWriter writer)
        {
            var r = Reason!;
            writer.WriteString(ReasonField.Detector, r.Detector);
            writer.WriteInt64(ReasonField.BucketStart, r.BucketStart.UtcTicks);
            writer.WriteDouble(ReasonField.Contribution, r.Contribution);
            writer.WriteString(ReasonField.Text, r.Reason);
        }

        void ISnapshotState.Read(ref SnapshotReader reader)
        {
            var detector = "";
            var bucketStart = default(DateTimeOffset);
            var contribution = 0.0;
            var text = "";
            while (reader.Next(out ReasonField field))
            {
                switch (field)
                {
                    case ReasonField.Detector:
                        detector = reader.ReadString();
                        break;
                    case ReasonField.BucketStart:
                        bucketStart = At(ref reader);
                        break;
                    case ReasonField.Contribution:
                        contribution = reader.ReadDouble();
                        break;
                    case ReasonField.Text:
                        text = reader.ReadString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            Reason = new CandidateReason(detector, bucketStart, contribution, text);
        }
    }

    /// <summary>A candidate's metrics.</summary>
    private struct MetricsSerializer(CandidateMetrics metrics) : ISnapshotState
    {
        public CandidateMetrics Metrics { get; private set; } = metrics;

        readonly void ISnapshotState.Write(SnapshotWriter writer)
        {
            var m = Metrics;
            writer.WriteInt64(MetricsField.Mentions, m.Mentions);
            writer.WriteInt64(MetricsField.NegativeMentions, m.NegativeMentions);
            writer.WriteInt64(MetricsField.PeakMentions, m.PeakMentions);
            writer.WriteDouble(MetricsField.ExpectedMentions, m.ExpectedMentions);
            writer.WriteDouble(MetricsField.PeakNegativeShare, m.PeakNegativeShare);
            writer.WriteDouble(MetricsField.UsualNegativeShare, m.UsualNegativeShare);
            writer.WriteDouble(MetricsField.PotentialReach, m.PotentialReach);
            writer.WriteInt64(MetricsField.TopNegativeAuthorFollowers, m.TopNegativeAuthorFollowers);
            if (m.TopNegativeAuthor is { } author)
            {
                writer.WriteString(MetricsField.TopNegativeAuthor, author);
            }

            writer.WriteInt64(MetricsField.PeakSpread, m.PeakSpread);
            writer.WriteDouble(MetricsField.UsualSpread, m.UsualSpread);
            foreach (var platform in m.Platforms)
            {
                writer.WriteString(MetricsField.Platform, platform);
            }

            if (m.Category is { } category)
            {
                writer.WriteString(MetricsField.Category, category.ToId());
            }
        }

        void ISnapshotState.Read(ref SnapshotReader reader)
        {
            var m = new CandidateMetrics();
            List<string> platforms = [];
            while (reader.Next(out MetricsField field))
            {
                switch (field)
                {
                    case MetricsField.Mentions:
                        m = m with { Mentions = reader.ReadInt64() };
                        break;
                    case MetricsField.NegativeMentions:
                        m = m with { NegativeMentions = reader.ReadInt64() };
                        break;
                    case MetricsField.PeakMentions:
                        m = m with { PeakMentions = reader.ReadInt32() };
                        break;
                    case MetricsField.ExpectedMentions:
                        m = m with { ExpectedMentions = reader.ReadDouble() };
                        break;
                    case MetricsField.PeakNegativeShare:
                        m = m with { PeakNegativeShare = reader.ReadDouble() };
                        break;
                    case MetricsField.UsualNegativeShare:
                        m = m with { UsualNegativeShare = reader.ReadDouble() };
                        break;
                    case MetricsField.PotentialReach:
                        m = m with { PotentialReach = reader.ReadDouble() };
                        break;
                    case MetricsField.TopNegativeAuthorFollowers:
                        m = m with { TopNegativeAuthorFollowers = reader.ReadInt64() };
                        break;
                    case MetricsField.TopNegativeAuthor:
                        m = m with { TopNegativeAuthor = reader.ReadString() };
                        break;
                    case MetricsField.PeakSpread:
                        m = m with { PeakSpread = reader.ReadInt32() };
                        break;
                    case MetricsField.UsualSpread:
                        m = m with { UsualSpread = reader.ReadDouble() };
                        break;
                    case MetricsField.Platform:
                        platforms.Add(reader.ReadString());
                        break;
                    case MetricsField.Category:
                        // A category added by a later release reads as none.
                        m = m with { Category = CrisisCategories.TryParse(reader.ReadString(), out var category) ? category : null };
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            Metrics = m with { Platforms = platforms };
        }
    }

    private enum ReasonField
    {
        Detector = 1,
        BucketStart = 2,
        Contribution = 3,
        Text = 4,
    }

    private enum MetricsField
    {
        Mentions = 1,
        NegativeMentions = 2,
        PeakMentions = 3,
        ExpectedMentions = 4,
        PeakNegativeShare = 5,
        UsualNegativeShare = 6,
        PotentialReach = 7,
        TopNegativeAuthorFollowers = 8,
        TopNegativeAuthor = 9,
        PeakSpread = 10,
        UsualSpread = 11,
        Platform = 12,
        Category = 13,
    }
}
