using CrisisKit.Aggregation;
using CrisisKit.Detection;
using CrisisKit.Snapshots;

namespace CrisisKit.Correlation;

/// <summary>
/// Joins one subject's raised signals into crisis candidates: a signal within the join window of the open
/// candidate's last signal joins it; a candidate quiet for the quiet period closes; a signal within the cool-down
/// after a close reopens that candidate. Works on bucket time only, so it is deterministic. Not thread-safe.
/// </summary>
internal sealed class CandidateCorrelator(string subjectId, DetectionOptions options) : ISnapshotState
{
    private const double ReportedPeakStep = 0.05;
    private const int MaxTopTerms = 10;
    private CrisisCandidate? _open;
    private CrisisCandidate? _lastClosed;
    private double _reportedPeak;

    public CrisisCandidate? Open => _open;

    public CrisisCandidate? LastClosed => _lastClosed;

    /// <summary>Takes the crisis score of the newest closed bucket of <paramref name="series"/>; adds what changed to <paramref name="changes"/>.</summary>
    public void Observe(SubjectSeries series, DetectorSignal signal, CompositeCrisisDetector? composite, List<(CandidateChange Change, CrisisCandidate Candidate)> changes)
    {
        var bucketStart = series.LatestStart;
        var raised = signal.Score >= options.RaiseThreshold;
        var lateSignal = raised;
        var bucketEnd = bucketStart + options.BucketSize;
        if (_open is not null)
        {
            if (raised && bucketStart - _open.LastSignalAt <= options.JoinWindow)
            {
                var joined = Join(_open, series, signal, composite);
                var report = joined.PeakScore >= _reportedPeak + ReportedPeakStep || joined.Reasons.Count != _open.Reasons.Count;
                _open = joined;
                if (report)
                {
                    _reportedPeak = joined.PeakScore;
                    changes.Add((CandidateChange.Updated, joined));
                }

                return;
            }

            if (raised || bucketEnd - (_open.LastSignalAt + options.BucketSize) >= options.QuietPeriod)
            {
                Close(raised ? bucketStart : bucketEnd, changes);
            }
            else
            {
                // The candidate's figures cover every bucket while it is open, not only the ones that raised a signal,
                // so its busiest bucket is the one the incident's series shows.
                _open = _open with { Metrics = Measure(_open, series, composite) };
                return;
            }
        }
        else
        {
            lateSignal = false;
        }

        if (!raised)
        {
            return;
        }

        // A signal too late to join the open candidate starts a new one rather than reopening the one it just closed.
        if (!lateSignal && _lastClosed is { ClosedAt: { } closedAt } last && bucketStart - closedAt <= options.CoolDown && options.CoolDown > TimeSpan.Zero)
        {
            _open = Join(last with { Status = CandidateStatus.Open, ClosedAt = null, Reopened = last.Reopened + 1 }, series, signal, composite);
            _lastClosed = null;
            _reportedPeak = _open.PeakScore;
            changes.Add((CandidateChange.Reopened, _open));
            return;
        }

        _open = Join(
            new CrisisCandidate
            {
                Id = $"{subjectId}-{bucketStart.UtcDateTime:yyyyMMdd'T'HHmm}",
                SubjectId = subjectId,
                FirstSignalAt = bucketStart,
                LastSignalAt = bucketStart,
                PeakAt = bucketStart,
            },
            series,
            signal,
            composite);
        _reportedPeak = _open.PeakScore;
        changes.Add((CandidateChange.Opened, _open));
    }

    void ISnapshotState.Write(SnapshotWriter writer)
    {
        if (_open is not null)
        {
            writer.WriteMessage(Field.Open, new CandidateSerializer(_open));
        }

        if (_lastClosed is not null)
        {
            writer.WriteMessage(Field.LastClosed, new CandidateSerializer(_lastClosed));
        }

        writer.WriteDouble(Field.ReportedPeak, _reportedPeak);
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.Open:
                    _open = CandidateSerializer.Read(ref reader);
                    break;
                case Field.LastClosed:
                    _lastClosed = CandidateSerializer.Read(ref reader);
                    break;
                case Field.ReportedPeak:
                    _reportedPeak = reader.ReadDouble();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private void Close(DateTimeOffset at, List<(CandidateChange, CrisisCandidate)> changes)
    {
        _lastClosed = _open! with { Status = CandidateStatus.Closed, ClosedAt = at };
        _open = null;
        changes.Add((CandidateChange.Closed, _lastClosed));
    }

    private static CrisisCandidate Join(CrisisCandidate candidate, SubjectSeries series, DetectorSignal signal, CompositeCrisisDetector? composite)
    {
        var bucketStart = series.LatestStart;
        var reasons = candidate.Reasons.ToList();
        if (composite is not null)
        {
            var signals = composite.Signals;
            var contributions = composite.Contributions;
            for (var i = 0; i < signals.Length; i++)
            {
                Merge(reasons, signals[i].Detector, bucketStart, contributions[i], signals[i].Reason);
            }
        }
        else
        {
            Merge(reasons, signal.Detector, bucketStart, signal.Score, signal.Reason);
        }

        reasons.Sort((a, b) => b.Contribution.CompareTo(a.Contribution) is var c && c != 0 ? c : string.CompareOrdinal(a.Detector, b.Detector));
        var terms = candidate.TopTerms;
        if (composite is not null && composite.TopTerms.Count > 0)
        {
            terms = [.. terms.Concat(composite.TopTerms).Distinct(StringComparer.Ordinal).Take(MaxTopTerms)];
        }

        var peak = signal.Score > candidate.PeakScore;
        return candidate with
        {
            LastSignalAt = bucketStart,
            SignalCount = candidate.SignalCount + 1,
            PeakScore = peak ? signal.Score : candidate.PeakScore,
            PeakAt = peak ? bucketStart : candidate.PeakAt,
            Reasons = reasons,
            TopTerms = terms,
            Metrics = Measure(candidate, series, composite),
        };
    }

    private static CandidateMetrics Measure(CrisisCandidate candidate, SubjectSeries series, CompositeCrisisDetector? composite)
    {
        var m = candidate.Metrics;
        var bucket = series[0];
        var first = candidate.SignalCount == 0;
        var busiest = bucket.Mentions > m.PeakMentions || first;
        var share = bucket.NegativeShare;
        var countsForShare = bucket.Mentions >= 5 || m.PeakNegativeShare == 0;
        var top = series.TopNegativeAuthor;
        var platforms = m.Platforms.Union(SubjectSeries.PlatformsOf(series.PlatformMask)).ToList();
        return m with
        {
            Mentions = m.Mentions + bucket.Mentions,
            NegativeMentions = m.NegativeMentions + bucket.NegativeMentions,
            PeakMentions = busiest ? bucket.Mentions : m.PeakMentions,
            ExpectedMentions = busiest ? composite?.ExpectedMentions ?? 0 : m.ExpectedMentions,
            PeakNegativeShare = countsForShare ? Math.Max(m.PeakNegativeShare, share) : m.PeakNegativeShare,
            UsualNegativeShare = first ? composite?.UsualNegativeShare ?? 0 : m.UsualNegativeShare,
            PotentialReach = m.PotentialReach + bucket.PotentialReach,
            TopNegativeAuthorFollowers = top is not null && top.Followers > m.TopNegativeAuthorFollowers ? top.Followers : m.TopNegativeAuthorFollowers,
            TopNegativeAuthor = top is not null && top.Followers > m.TopNegativeAuthorFollowers ? top.Handle : m.TopNegativeAuthor,
            PeakSpread = Math.Max(m.PeakSpread, bucket.Shares + bucket.Replies),
            UsualSpread = first ? composite?.UsualSpread ?? 0 : m.UsualSpread,
            Platforms = platforms,
            Category = composite?.LeadingCategory ?? m.Category,
        };
    }

    /// <summary>The fields of the correlator's state in snapshots (docs/snapshots.md); numbers are never reused.</summary>
    private enum Field
    {
        Open = 1,
        LastClosed = 2,
        ReportedPeak = 3,
    }

    private static void Merge(List<CandidateReason> reasons, string detector, DateTimeOffset bucketStart, double contribution, string? reason)
    {
        if (contribution < 0.1 || reason is null)
        {
            return;
        }

        var index = reasons.FindIndex(r => r.Detector == detector);
        if (index < 0)
        {
            reasons.Add(new CandidateReason(detector, bucketStart, contribution, reason));
        }
        else if (contribution > reasons[index].Contribution)
        {
            reasons[index] = new CandidateReason(detector, bucketStart, contribution, reason);
        }
    }
}
