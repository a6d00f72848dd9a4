using System.Runtime.CompilerServices;
using CrisisKit.Aggregation;
using CrisisKit.Categories;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Diagnostics;
using CrisisKit.Mentions;
using CrisisKit.Sentiment;
using CrisisKit.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrisisKit.Monitoring;

/// <summary>The default <see cref="ICrisisMonitor"/>; see the interface for the rules it applies.</summary>
internal sealed class CrisisMonitor : ICrisisMonitor
{
    private readonly Lock _gate = new();
    private readonly CrisisKitOptions _options;
    private readonly IMentionProcessor[] _processors;
    private readonly MonitorEventHub _events;
    private readonly TimeProvider _time;
    private readonly ISentimentAnalyzer _sentiment;
    private readonly ICrisisCategorizer _categorizer;
    private readonly MentionDeduplicator _deduplicator;
    private readonly Dictionary<string, SubjectState> _subjects = new(StringComparer.Ordinal);
    private readonly DetectionOptions _detectionOptions;
    private readonly ICrisisDetectorFactory _detectorFactory;
    private readonly List<(CandidateChange Change, CrisisCandidate Candidate)> _changes = [];
    private readonly List<MonitorEvent> _pending = [];
    private long _closedThrough = long.MinValue;
    private SubjectMatcher _matcher;
    private int[] _matches;
    private long _received;
    private long _matched;
    private long _unmatched;
    private long _duplicates;
    private long _late;
    private long _rejected;
    private DateTimeOffset? _watermark;

    private readonly CrisisKitMetrics _metrics;
    private readonly ILogger _logger;

    public CrisisMonitor(IOptions<CrisisKitOptions> options, IEnumerable<IMentionProcessor> processors, MonitorEventHub events, TimeProvider timeProvider, ISentimentAnalyzer sentiment, ICrisisCategorizer categorizer, IOptions<DetectionOptions> detectionOptions, ICrisisDetectorFactory detectorFactory, CrisisKitMetrics? metrics = null, ILogger<CrisisMonitor>? logger = null)
    {
        _metrics = metrics ?? CrisisKitMetrics.Standalone();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _detectionOptions = detectionOptions.Value;
        _detectorFactory = detectorFactory;
        _sentiment = sentiment;
        _categorizer = categorizer;
        _options = options.Value;
        _processors = [.. processors];
        _events = events;
        _time = timeProvider;
        _deduplicator = new MentionDeduplicator(_options.DuplicateWindow, _options.DuplicateTrackingCapacity);
        _matcher = SubjectMatcher.Create(_options.Subjects);
        _matches = new int[_matcher.Subjects.Count];
        foreach (var subject in _matcher.Subjects)
        {
            _subjects[subject.Id] = NewState(subject);
        }
    }

    public IReadOnlyList<MonitoredSubject> Subjects => Volatile.Read(ref _matcher).Subjects;

    public MonitorStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new MonitorStatistics(_received, _matched, _unmatched, _duplicates, _late, _watermark, _rejected);
            }
        }
    }

    public IDisposable Subscribe(IObserver<MonitorEvent> observer) => _events.Subscribe(observer);

    public void AddOrUpdateSubject(MonitoredSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        bool replaced;
        lock (_gate)
        {
            var subjects = _matcher.Subjects.ToList();
            var index = subjects.FindIndex(s => s.Id == subject.Id);
            replaced = index >= 0;
            if (replaced)
            {
                subjects[index] = subject;
            }
            else
            {
                subjects.Add(subject);
            }

            Replace(SubjectMatcher.Create(subjects));
            if (!replaced)
            {
                _subjects[subject.Id] = NewState(subject);
            }
        }

        _events.Publish(new SubjectAdded(_time.GetUtcNow(), subject, replaced));
    }

    public bool RemoveSubject(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        lock (_gate)
        {
            if (_matcher.IndexOf(subjectId) < 0)
            {
                return false;
            }

            Replace(SubjectMatcher.Create(_matcher.Subjects.Where(s => s.Id != subjectId)));
            _subjects.Remove(subjectId);
        }

        _events.Publish(new SubjectRemoved(_time.GetUtcNow(), subjectId));
        return true;
    }

    public IngestResult Ingest(Mention mention)
    {
        ArgumentNullException.ThrowIfNull(mention);
        if (string.IsNullOrEmpty(mention.Id) || string.IsNullOrEmpty(mention.Platform) || mention.Author is null || string.IsNullOrEmpty(mention.Author.Handle) || mention.Text is null)
        {
            throw new ArgumentException("A mention needs an Id, a Platform, an Author with a Handle, and a Text (which may be empty).", nameof(mention));
        }

        IngestResult result;
        MonitorEvent[]? reports;
        if (Implausible(mention.Timestamp) is { } why)
        {
            lock (_gate)
            {
                _received++;
                _rejected++;
            }

            if (_events.HasObservers)
            {
                _events.Publish(new MentionRejected(_time.GetUtcNow(), mention, why));
            }

            _logger.MentionRejected(mention.Id, mention.Platform, why);
            _metrics.Mention(IngestOutcome.Rejected, late: false);
            return new IngestResult(IngestOutcome.Rejected, 0, false);
        }

        lock (_gate)
        {
            _received++;
            var count = _matcher.Match(mention, _matches);
            if (count == 0)
            {
                _unmatched++;
                _metrics.Mention(IngestOutcome.Unmatched, late: false);
                return new IngestResult(IngestOutcome.Unmatched, 0, false);
            }

            var watermark = _watermark is { } w && w > mention.Timestamp ? w : mention.Timestamp;
            if (!_deduplicator.TryAdd(mention.Key, mention.Timestamp, watermark))
            {
                _duplicates++;
                _logger.DuplicateMentionIgnored(mention.Id, mention.Platform);
                result = new IngestResult(IngestOutcome.Duplicate, count, false);
                if (_events.HasObservers)
                {
                    _pending.Add(new DuplicateMentionIgnored(_time.GetUtcNow(), mention));
                }
            }
            else
            {
                _watermark = watermark;
                var lateness = watermark - mention.Timestamp;
                var isLate = lateness > _options.LateMentionTolerance;
                _matched++;
                if (isLate)
                {
                    _late++;
                    _logger.LateMentionAccepted(mention.Id, mention.Platform, lateness);
                    if (_events.HasObservers)
                    {
                        _pending.Add(new LateMentionAccepted(_time.GetUtcNow(), mention, lateness));
                    }
                }

                CloseBuckets(watermark);
                Dispatch(mention, count, isLate, watermark);
                result = new IngestResult(IngestOutcome.Matched, count, isLate);
            }

            reports = TakePending();
        }

        Publish(reports);
        _metrics.Mention(result.Outcome, result.IsLate);
        return result;
    }

    /// <summary>Why <paramref name="timestamp"/> is not plausible, or <see langword="null"/> when it is.</summary>
    private string? Implausible(DateTimeOffset timestamp)
    {
        if (timestamp < _options.EarliestMentionTime)
        {
            return $"the timestamp {MentionTime.Format(timestamp)} is before the earliest accepted time {MentionTime.Format(_options.EarliestMentionTime)} (CrisisKitOptions.EarliestMentionTime)";
        }

        var now = _time.GetUtcNow();
        return timestamp > MentionTime.Latest(now, _options.MaxFutureSkew)
            ? $"the timestamp {MentionTime.Format(timestamp)} is more than {MentionTime.Format(_options.MaxFutureSkew)} ahead of the clock ({MentionTime.Format(now)}; CrisisKitOptions.MaxFutureSkew)"
            : null;
    }

    public async ValueTask<MonitorStatistics> IngestAsync(IAsyncEnumerable<Mention> mentions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        await foreach (var mention in mentions.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Ingest(mention);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return Statistics;
    }

    public SubjectActivity? GetActivity(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        lock (_gate)
        {
            return _subjects.TryGetValue(subjectId, out var state) ? state.Activity.Snapshot(10) : null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Dispatch(Mention mention, int count, bool isLate, DateTimeOffset watermark)
    {
        var subjects = _matcher.Subjects;
        var sentiment = _sentiment.Analyze(mention.Text, mention.Language);
        var categories = _categorizer.Categorize(mention.Text, mention.Language);
        for (var i = 0; i < count; i++)
        {
            var subject = subjects[_matches[i]];
            var state = _subjects[subject.Id];
            state.Activity.Add(mention, isLate, sentiment, categories);
            if (!state.Detection.Series.Add(mention, sentiment, categories) && _events.HasObservers)
            {
                _pending.Add(new MentionNotBucketed(_time.GetUtcNow(), subject.Id, mention));
            }

            var context = new MentionContext(mention, subject, isLate, watermark, sentiment, categories);
            foreach (var processor in _processors)
            {
                processor.Process(in context);
            }
        }
    }

    public void AdvanceTo(DateTimeOffset now)
    {
        MonitorEvent[]? reports;
        lock (_gate)
        {
            CloseBuckets(now);
            reports = TakePending();
        }

        Publish(reports);
    }

    public IReadOnlyList<MentionBucket> GetBuckets(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        lock (_gate)
        {
            return _subjects.TryGetValue(subjectId, out var state) ? state.Detection.Series.ToList() : [];
        }
    }

    public IReadOnlyList<CrisisCandidate> GetCandidates(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        lock (_gate)
        {
            return _subjects.TryGetValue(subjectId, out var state) ? state.Detection.Candidates() : [];
        }
    }

    public void SaveState(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (_gate)
        {
            MonitorSnapshot.Write(destination, _detectionOptions, _watermark, _closedThrough, [.. _matcher.Subjects.Select(s => (s.Id, _subjects[s.Id].Detection))]);
        }
    }

    public void RestoreState(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_gate)
        {
            // The snapshot is read into new subject states, which replace the current ones only once all of it has been read.
            var restored = MonitorSnapshot.Read(source, _detectionOptions, id => _matcher.IndexOf(id) is var i and >= 0 ? NewDetection(_matcher.Subjects[i]) : null);
            foreach (var (id, detection) in restored.Subjects)
            {
                _subjects[id] = _subjects[id] with { Detection = detection };
            }

            _watermark = restored.Watermark;
            _closedThrough = restored.ClosedThrough;
        }
    }

    /// <summary>Closes, scores and correlates every subject's buckets that may close at mention time <paramref name="now"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CloseBuckets(DateTimeOffset now)
    {
        var through = ((now.UtcTicks - _detectionOptions.GracePeriod.Ticks) / _detectionOptions.BucketSize.Ticks) - 1;
        if (through > _closedThrough)
        {
            CloseBucketsThrough(through);
        }
    }

    private void CloseBucketsThrough(long through)
    {
        _closedThrough = through;
        foreach (var subject in _matcher.Subjects)
        {
            _subjects[subject.Id].Detection.CloseThrough(through, _changes);
        }

        if (_changes.Count == 0)
        {
            return;
        }

        var at = _time.GetUtcNow();
        foreach (var (change, candidate) in _changes)
        {
            CandidateChanged(change, candidate);
            _pending.Add(change switch
            {
                CandidateChange.Opened => new CrisisCandidateOpened(at, candidate),
                CandidateChange.Updated => new CrisisCandidateUpdated(at, candidate),
                CandidateChange.Reopened => new CrisisCandidateReopened(at, candidate),
                _ => new CrisisCandidateClosed(at, candidate),
            });
        }

        _changes.Clear();
    }

    private void CandidateChanged(CandidateChange change, CrisisCandidate candidate)
    {
        switch (change)
        {
            case CandidateChange.Opened:
                _metrics.CandidateOpened();
                _logger.CandidateOpened(candidate.Id, candidate.SubjectId, candidate.FirstSignalAt, candidate.PeakScore);
                break;
            case CandidateChange.Reopened:
                _metrics.CandidateOpened();
                _logger.CandidateReopened(candidate.Id, candidate.SubjectId, candidate.LastSignalAt, candidate.PeakScore);
                break;
            case CandidateChange.Closed:
                _metrics.CandidateClosed();
                _logger.CandidateClosed(candidate.Id, candidate.SubjectId, candidate.LastSignalAt, candidate.PeakScore);
                break;
        }
    }

    private MonitorEvent[]? TakePending()
    {
        if (_pending.Count == 0)
        {
            return null;
        }

        var reports = _pending.ToArray();
        _pending.Clear();
        return reports;
    }

    private void Publish(MonitorEvent[]? reports)
    {
        if (reports is null)
        {
            return;
        }

        foreach (var report in reports)
        {
            _events.Publish(report);
        }
    }

    private SubjectState NewState(MonitoredSubject subject) => new(new SubjectActivityTracker(subject.Id, _options.TopAuthorsTracked), NewDetection(subject));

    private SubjectDetection NewDetection(MonitoredSubject subject) => new(subject, _detectionOptions, _detectorFactory);

    private void Replace(SubjectMatcher matcher)
    {
        _matches = new int[matcher.Subjects.Count];
        Volatile.Write(ref _matcher, matcher);
    }

    /// <summary>What the monitor keeps per subject: its activity totals and its detection pipeline.</summary>
    private sealed record SubjectState(SubjectActivityTracker Activity, SubjectDetection Detection);
}
