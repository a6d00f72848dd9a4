using System.Globalization;
using CrisisKit.Aggregation;
using CrisisKit.Detection;
using CrisisKit.Incidents;

using CrisisKit.Text;

namespace CrisisKit.Evaluation;

/// <summary>
/// The built-in <see cref="IPostIncidentEvaluator"/>: pure and deterministic (no clock; the same input always gives
/// the same evaluation). Every metric and finding rule is described in <c>docs/evaluation.md</c>.
/// </summary>
public sealed class DefaultPostIncidentEvaluator : IPostIncidentEvaluator
{
    /// <summary>How far before the first signal the baseline onset may lie: 6 hours.</summary>
    internal static readonly TimeSpan OnsetLookBack = TimeSpan.FromHours(6);

    /// <summary>The pre-incident reference period of the baseline onset, ending <see cref="OnsetLookBack"/> before the first signal: 24 hours.</summary>
    internal static readonly TimeSpan BaselinePeriod = TimeSpan.FromHours(24);

    /// <summary>Robust deviations above the pre-incident median volume that make a bucket "above baseline": 3.</summary>
    internal const double VolumeDeviations = 3;

    /// <summary>Detected within this long went well: 15 minutes.</summary>
    internal static readonly TimeSpan QuickDetection = TimeSpan.FromMinutes(15);

    /// <summary>Detected after more than this long should improve: 30 minutes.</summary>
    internal static readonly TimeSpan SlowDetection = TimeSpan.FromMinutes(30);

    private const int MinimumReferenceBuckets = 12;
    private const int ShareMinimumMentions = 5;
    private const int SentimentMinimumMentions = 3;
    private const int MinimumSentimentBuckets = 3;
    private const double MinimumBandHalfWidth = 0.05;
    private const double MadScale = 1.4826;

    /// <inheritdoc/>
    public IncidentEvaluation Evaluate(EvaluationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Incident);
        ArgumentNullException.ThrowIfNull(input.Buckets);
        if (input.BucketSize <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The bucket size must be positive (was {input.BucketSize}).", nameof(input));
        }

        var incident = input.Incident;
        var buckets = input.Buckets.OrderBy(b => b.Start).ToArray();
        var opened = incident.OpenedAt;
        var closedAt = incident.IsOpen ? null : incident.ClosedAt;

        var (onset, onsetSource) = input.GroundTruthOnset is { } truth
            ? (truth, OnsetSource.GroundTruth)
            : BaselineOnset(buckets, incident.FirstSignalAt);

        var lastEvent = incident.Timeline[^1].At;
        var dataEnd = buckets.Length > 0 && buckets[^1].Start + input.BucketSize > lastEvent ? buckets[^1].Start + input.BucketSize : lastEvent;

        var acknowledgedAt = incident.Acknowledged?.At;
        var statements = incident.Timeline.OfType<StatementPublished>().Select(s => s.At).Order().ToArray();
        var deadlines = Deadlines(input, statements, closedAt, dataEnd);

        var escalation = incident.Timeline.OfType<NotificationSent>().Where(n => n.Step >= 0 && (acknowledgedAt is not { } ack || n.At <= ack)).ToArray();
        var stepsNeeded = escalation.Length == 0 ? 0 : escalation.Max(n => n.Step) + 1;

        // The conversation during the incident: from the onset to the close, or to the end of the data.
        var incidentEnd = closedAt ?? dataEnd;
        var during = buckets.Where(b => b.Start >= onset && b.Start < incidentEnd).ToArray();
        var peak = during.Length == 0 ? (MentionBucket?)null : during.Aggregate((a, b) => b.Mentions > a.Mentions ? b : a);
        var shares = during.Where(b => b.Mentions >= ShareMinimumMentions).Select(b => b.NegativeShare).ToArray();

        var recovery = Recovery(buckets, onset, peak?.Start, input.BucketSize);

        var evaluation = new IncidentEvaluation
        {
            IncidentId = incident.Id,
            SubjectId = incident.SubjectId,
            ProtocolId = input.Protocol?.Id ?? incident.ProtocolId,
            Status = incident.Status,
            Severity = incident.Severity,
            OpenedAt = opened,
            Onset = onset,
            OnsetSource = onsetSource,
            TimeToDetect = opened - onset,
            TimeToAcknowledge = acknowledgedAt - opened,
            TimeToFirstResponse = incident.FirstResponseAt - opened,
            TimeToResolve = closedAt - opened,
            Deadlines = deadlines,
            EscalationStepsNeeded = stepsNeeded,
            NotificationsSent = incident.Timeline.OfType<NotificationSent>().Count(),
            NotificationsFailed = incident.Timeline.OfType<NotificationFailed>().Count(),
            PeakVolume = peak?.Mentions ?? 0,
            PeakVolumeAt = peak?.Start,
            PeakNegativeShare = shares.Length == 0 ? null : shares.Max(),
            NegativeReach = during.Sum(b => b.PotentialReach * b.NegativeShare),
            SentimentRecovery = recovery,
            TopTerms = input.Candidate?.TopTerms ?? [],
            TopAuthors = input.Candidate?.Metrics.TopNegativeAuthor is { Length: > 0 } author ? [author] : [],
        };

        evaluation.Findings = Findings(evaluation, incident, statements.Length);
        return evaluation;
    }

    /// <summary>
    /// The first bucket from <see cref="OnsetLookBack"/> before the first signal up to the first signal's bucket whose
    /// volume is above the reference median by <see cref="VolumeDeviations"/> robust deviations, or whose negative share
    /// is above the reference band (mean + 2 standard deviations); the reference is the <see cref="BaselinePeriod"/>
    /// before the look-back.
    /// </summary>
    private static (DateTimeOffset Onset, OnsetSource Source) BaselineOnset(MentionBucket[] buckets, DateTimeOffset firstSignal)
    {
        var searchFrom = firstSignal - OnsetLookBack;
        var reference = buckets.Where(b => b.Start >= searchFrom - BaselinePeriod && b.Start < searchFrom).ToArray();
        if (reference.Length < MinimumReferenceBuckets)
        {
            return (firstSignal, OnsetSource.FirstSignal);
        }

        var median = EvaluationMath.Median(reference.Select(b => (double)b.Mentions))!.Value;
        var mad = EvaluationMath.Median(reference.Select(b => Math.Abs(b.Mentions - median)))!.Value;
        var volumeLimit = median + (VolumeDeviations * Math.Max(MadScale * mad, 1));

        var shares = reference.Where(b => b.Mentions >= ShareMinimumMentions).Select(b => b.NegativeShare).ToArray();
        var shareLimit = double.PositiveInfinity;
        if (shares.Length >= MinimumSentimentBuckets)
        {
            var (mean, sd) = EvaluationMath.MeanAndDeviation(shares);
            shareLimit = mean + (2 * sd);
        }

        foreach (var b in buckets)
        {
            if (b.Start < searchFrom)
            {
                continue;
            }

            if (b.Start > firstSignal)
            {
                break;
            }

            if (b.Mentions > volumeLimit || (b.Mentions >= ShareMinimumMentions && b.NegativeShare > shareLimit))
            {
                return (b.Start, OnsetSource.Baseline);
            }
        }

        return (firstSignal, OnsetSource.FirstSignal);
    }

    /// <summary>The deadlines, by the engine's rules: acknowledge and first response from the opening, an update from each statement.</summary>
    private static List<DeadlineOutcome> Deadlines(EvaluationInput input, DateTimeOffset[] statements, DateTimeOffset? closedAt, DateTimeOffset dataEnd)
    {
        var result = new List<DeadlineOutcome>();
        if (input.Protocol is not { } protocol)
        {
            return result;
        }

        var incident = input.Incident;
        var d = protocol.Deadlines;

        // A deadline whose action never happened counts only if the incident was still open when it fell due and the data reaches it.
        void Add(string name, DateTimeOffset due, DateTimeOffset? doneAt)
        {
            if (doneAt is { } at)
            {
                result.Add(new DeadlineOutcome(name, due, at, at <= due, due - at));
            }
            else if ((closedAt is not { } closed || closed > due) && due <= dataEnd)
            {
                result.Add(new DeadlineOutcome(name, due, null, false, null));
            }
        }

        if (d.Acknowledge is { } acknowledgeWithin)
        {
            Add(DeadlineNames.Acknowledge, incident.OpenedAt + acknowledgeWithin, incident.Acknowledged?.At);
        }

        if (d.FirstResponse is { } respondWithin)
        {
            Add(DeadlineNames.FirstResponse, incident.OpenedAt + respondWithin, incident.FirstResponseAt);
        }

        if (d.UpdateEvery is { } updateEvery)
        {
            for (var i = 0; i < statements.Length; i++)
            {
                Add(DeadlineNames.Update, statements[i] + updateEvery, i + 1 < statements.Length ? statements[i + 1] : null);
            }
        }

        return [.. result.OrderBy(r => r.Due)];
    }

    /// <summary>The pre-incident band and the first clock hour after the peak hour that starts two hours inside it.</summary>
    private static SentimentRecovery Recovery(MentionBucket[] buckets, DateTimeOffset onset, DateTimeOffset? peakAt, TimeSpan bucketSize)
    {
        var means = buckets.Where(b => b.Start >= onset - TimeSpan.FromHours(24) && b.Start < onset && b.Mentions >= SentimentMinimumMentions).Select(b => b.MeanSentiment).ToArray();
        if (means.Length < MinimumSentimentBuckets)
        {
            return new SentimentRecovery(null, null, null, null, null);
        }

        var (mean, sd) = EvaluationMath.MeanAndDeviation(means);
        var half = Math.Max(2 * sd, MinimumBandHalfWidth);
        var (low, high) = (mean - half, mean + half);
        if (peakAt is not { } peak || buckets.Length == 0)
        {
            return new SentimentRecovery(mean, low, high, null, null);
        }

        var hour = TimeSpan.FromHours(1);
        var end = buckets[^1].Start + bucketSize;
        var previousInside = false;
        for (var h = new DateTimeOffset(peak.UtcTicks - (peak.UtcTicks % hour.Ticks), TimeSpan.Zero) + hour; h + hour <= end; h += hour)
        {
            var (sum, count) = (0.0, 0);
            foreach (var b in buckets)
            {
                if (b.Start >= h && b.Start < h + hour)
                {
                    sum += b.SentimentSum;
                    count += b.Mentions;
                }
            }

            var inside = count >= SentimentMinimumMentions && sum / count >= low && sum / count <= high;
            if (inside && previousInside)
            {
                var recoveredAt = h - hour;
                return new SentimentRecovery(mean, low, high, recoveredAt, recoveredAt - onset);
            }

            previousInside = inside;
        }

        return new SentimentRecovery(mean, low, high, null, null);
    }

    private static List<EvaluationFinding> Findings(IncidentEvaluation e, Incident incident, int statementCount)
    {
        var findings = new List<EvaluationFinding>();
        void WentWell(FindingCode code, FormattableString text) => findings.Add(new EvaluationFinding(FindingKind.WentWell, code, text.ToString(CultureInfo.InvariantCulture)));
        void ToImprove(FindingCode code, FormattableString text) => findings.Add(new EvaluationFinding(FindingKind.ToImprove, code, text.ToString(CultureInfo.InvariantCulture)));

        if (e.TimeToDetect >= TimeSpan.Zero && e.TimeToDetect <= QuickDetection)
        {
            WentWell(FindingCode.DetectedQuickly, $"Detected {Minutes(e.TimeToDetect)} after the onset ({e.OnsetSource.ToId()}), within {Minutes(QuickDetection)}.");
        }
        else if (e.TimeToDetect > SlowDetection)
        {
            ToImprove(FindingCode.DetectedSlowly, $"Detected {Minutes(e.TimeToDetect)} after the onset ({e.OnsetSource.ToId()}), more than {Minutes(SlowDetection)}.");
        }

        foreach (var (name, inTime, missed, what) in new[]
        {
            (DeadlineNames.Acknowledge, FindingCode.AcknowledgedInTime, FindingCode.AcknowledgeMissed, "Acknowledged"),
            (DeadlineNames.FirstResponse, FindingCode.FirstResponseInTime, FindingCode.FirstResponseMissed, "First response published"),
        })
        {
            if (e.Deadlines.FirstOrDefault(d => d.Name == name) is not { } deadline)
            {
                continue;
            }

            if (deadline.Met)
            {
                WentWell(inTime, $"{what} {Minutes(deadline.Margin!.Value)} before the {name} deadline.");
            }
            else if (deadline.Margin is { } margin)
            {
                ToImprove(missed, $"{what} {Minutes(-margin)} after the {name} deadline: missed by {Minutes(-margin)}.");
            }
            else
            {
                ToImprove(missed, $"The {name} deadline ({deadline.Due:yyyy-MM-dd HH:mm} UTC) was missed: never done.");
            }
        }

        var updates = e.Deadlines.Where(d => d.Name == DeadlineNames.Update).ToArray();
        if (updates.Length > 0)
        {
            var missedUpdates = updates.Count(d => !d.Met);
            if (missedUpdates == 0)
            {
                WentWell(FindingCode.UpdatesKept, $"Every update cadence kept ({updates.Length} of {updates.Length}).");
            }
            else
            {
                ToImprove(FindingCode.UpdatesMissed, $"{missedUpdates} of {updates.Length} updates late or missing.");
            }
        }

        if (e.EscalationStepsNeeded > 1)
        {
            ToImprove(FindingCode.EscalationNeeded, $"Escalation needed {e.EscalationStepsNeeded} steps: the first step's people did not acknowledge.");
        }
        else if (e.EscalationStepsNeeded == 1 && incident.Acknowledged is not null)
        {
            WentWell(FindingCode.FirstStepAcknowledged, $"The first escalation step's people acknowledged.");
        }

        if (e.NotificationsFailed > 0)
        {
            if (e.NotificationsFailed == 1)
            {
                ToImprove(FindingCode.NotificationsFailed, $"Notifications failed once.");
            }
            else
            {
                ToImprove(FindingCode.NotificationsFailed, $"Notifications failed {e.NotificationsFailed} times.");
            }
        }

        if (e.SentimentRecovery.RecoveryTime is { } recovery)
        {
            WentWell(FindingCode.SentimentRecovered, $"Sentiment recovered in {recovery.TotalHours:0.#} h (back in the pre-incident band from {e.SentimentRecovery.RecoveredAt:yyyy-MM-dd HH:mm} UTC).");
        }
        else if (e.SentimentRecovery.BaselineMean is not null && e.PeakVolumeAt is not null)
        {
            ToImprove(FindingCode.SentimentNotRecovered, $"Sentiment did not get back into the pre-incident band ({e.SentimentRecovery.BandLow:0.00} to {e.SentimentRecovery.BandHigh:0.00}) within the data.");
        }

        if (statementCount == 0 && incident.Status != IncidentStatus.Dismissed)
        {
            ToImprove(FindingCode.NoStatement, $"No statement was published.");
        }

        return findings;
    }

    /// <summary>A span in findings: whole minutes, or seconds under a minute (so a deadline missed by 37 s never reads "missed by 0 min").</summary>
    internal static string Minutes(TimeSpan span) => span != TimeSpan.Zero && span.Duration() < TimeSpan.FromSeconds(59.5)
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(span.TotalSeconds)} s")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(span.TotalMinutes)} min");
}
