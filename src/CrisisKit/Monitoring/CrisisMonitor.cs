using CrisisKit.Aggregation;
using CrisisKit.Categories;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Diagnostics;
using CrisisKit.Mentions;
using CrisisKit.Sentiment;
using CrisisKit.Snapshots;
using CrisisKit.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrisisKit.Monitoring;

/// <summary>The default <see cref="ICrisisMonitor"/>; see the interface for the rules it applies.</summary>
/// <remarks>
/// <para>
/// Built for many threads: matching and enrichment (sentiment, categories, the terms a mention adds to the term
/// sketches) are pure and run outside any lock. Subjects are spread over <see cref="CrisisKitOptions.Shards"/>
/// shards by a stable hash of their id, each with its own lock over its subjects' activity and detection state, so
/// mentions of subjects on different shards never wait for each other. De-duplication is striped by mention key
/// (<see cref="StripedMentionDeduplicator"/>), the watermark is an interlocked maximum and the counts are exact
/// interlocked counters. Closing a bucket period (once per <see cref="DetectionOptions.BucketSize"/> of mention
/// time) is the one step over every subject: the thread whose mention crosses the period closes the subjects in
/// chunks, each subject under its shard's lock, and threads that arrive meanwhile take chunks too; the candidate
/// changes are gathered in subject order, so they come out the same whatever the number of shards and threads.
/// </para>
/// <para>
/// Events are published outside the shard locks on the thread whose mention caused them; bucket-closing events
/// are published in the order the periods closed, by the thread that closed the period or, when another thread is
/// publishing at that moment, by that thread. For a caller on one thread the results, the events and the
/// snapshot bytes are the same for every number of shards.
/// </para>
/// <para>Lock order: <c>_registryGate</c>, then <c>_closeGate</c>, then shard locks by index, one de-duplication stripe alone.</para>
/// </remarks>
internal sealed class CrisisMonitor : ICrisisMonitor
{
    private const long NoWatermark = long.MinValue;

    /// <summary>Bytes between two shard locks: a cache line and the one prefetched with it.</summary>
    private const int CacheLinePair = 128;

    [ThreadStatic] private static int[]? t_matches;

    private readonly Lock _registryGate = new();
    private readonly Lock _closeGate = new();
    private readonly Lock _processorGate = new();
    private readonly Lock[] _shards;
    private readonly byte[][] _shardSpacers;
    private readonly CrisisKitOptions _options;
    private readonly IMentionProcessor[] _processors;
    private readonly MonitorEventHub _events;
    private readonly TimeProvider _time;
    private readonly ISentimentAnalyzer _sentiment;
    private readonly ICrisisCategorizer _categorizer;
    private readonly LexiconSentimentAnalyzer? _lexiconSentiment;
    private readonly LexiconCrisisCategorizer? _lexiconCategorizer;
    private readonly StripedMentionDeduplicator _deduplicator;
    private readonly DetectionOptions _detectionOptions;
    private readonly ICrisisDetectorFactory _detectorFactory;
    private readonly MonitorCounters _counters = new();
    private readonly List<(CandidateChange Change, CrisisCandidate Candidate)> _changes = [];
    private Registry _registry;
    private CloseJob? _closing;
    private readonly System.Collections.Concurrent.ConcurrentQueue<MonitorEvent[]> _closedReports = new();
    private long _closedThrough = long.MinValue;
    private long _watermark = NoWatermark;

    // 1 while a thread publishes queued close reports. A flag, not a lock: a lock lets the same thread in again, so an
    // observer that ingests from inside an event would publish the next period's reports in the middle of this one's.
    private int _publishing;

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
        if (sentiment is LexiconSentimentAnalyzer lexiconSentiment && categorizer is LexiconCrisisCategorizer lexiconCategorizer)
        {
            _lexiconSentiment = lexiconSentiment;
            _lexiconCategorizer = lexiconCategorizer;
        }
        _options = options.Value;
        _processors = [.. processors];
        _events = events;
        _time = timeProvider;
        _shards = new Lock[Math.Clamp(_options.Shards, 1, CrisisKitOptions.MaxShards)];
        _shardSpacers = new byte[_shards.Length][];
        for (var i = 0; i < _shards.Length; i++)
        {
            // Locks allocated one after another share cache lines, and a lock taken on one core would then slow the
            // lock of another shard taken on another core; a spacer between each two keeps them apart (the heap keeps
            // the order of live objects when it compacts).
            _shards[i] = new Lock();
            _shardSpacers[i] = new byte[CacheLinePair];
        }

        _deduplicator = new StripedMentionDeduplicator(_options.DuplicateWindow, _options.DuplicateTrackingCapacity);
        var matcher = SubjectMatcher.Create(_options.Subjects);
        _registry = new Registry(matcher, [.. matcher.Subjects.Select(NewState)]);
    }

    public IReadOnlyList<MonitoredSubject> Subjects => Volatile.Read(ref _registry).Matcher.Subjects;

    public MonitorStatistics Statistics => _counters.Read(Watermark);

    private DateTimeOffset? Watermark => Volatile.Read(ref _watermark) is var ticks and not NoWatermark ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public IDisposable Subscribe(IObserver<MonitorEvent> observer) => _events.Subscribe(observer);

    public void AddOrUpdateSubject(MonitoredSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        bool replaced;
        lock (_registryGate)
        {
            var registry = _registry;
            var subjects = registry.Matcher.Subjects.ToList();
            var states = registry.States.ToList();
            var index = subjects.FindIndex(s => s.Id == subject.Id);
            replaced = index >= 0;
            if (replaced)
            {
                subjects[index] = subject;
            }
            else
            {
                subjects.Add(subject);
                states.Add(NewState(subject));
            }

            Volatile.Write(ref _registry, new Registry(SubjectMatcher.Create(subjects), [.. states]));
        }

        _events.Publish(new SubjectAdded(_time.GetUtcNow(), subject, replaced));
    }

    public bool RemoveSubject(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        lock (_registryGate)
        {
            var registry = _registry;
            var index = registry.Matcher.IndexOf(subjectId);
            if (index < 0)
            {
                return false;
            }

            var matcher = SubjectMatcher.Create(registry.Matcher.Subjects.Where(s => s.Id != subjectId));
            Volatile.Write(ref _registry, new Registry(matcher, [.. registry.States.Where((_, i) => i != index)]));
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

        if (Implausible(mention.Timestamp) is { } why)
        {
            _counters.AddRejected();
            if (_events.HasObservers)
            {
                _events.Publish(new MentionRejected(_time.GetUtcNow(), mention, why));
            }

            _logger.MentionRejected(mention.Id, mention.Platform, why);
            _metrics.Mention(IngestOutcome.Rejected, late: false);
            return new IngestResult(IngestOutcome.Rejected, 0, false);
        }

        // Matching: pure, into this thread's buffer.
        var registry = Volatile.Read(ref _registry);
        // This call owns the thread's buffer until it returns: an observer that ingests from inside an event (on this
        // thread) gets a buffer of its own instead of overwriting this one.
        var matches = t_matches;
        t_matches = null;
        if (matches is null || matches.Length < registry.States.Length)
        {
            matches = new int[Math.Max(registry.States.Length, 16)];
        }

        try
        {
            var count = registry.Matcher.Match(mention, matches);
            if (count == 0)
            {
                _counters.AddUnmatched();
                _metrics.Mention(IngestOutcome.Unmatched, late: false);
                return new IngestResult(IngestOutcome.Unmatched, 0, false);
            }

            var timestamp = mention.Timestamp.UtcTicks;
            var seen = Volatile.Read(ref _watermark);
            var watermark = seen > timestamp ? new DateTimeOffset(seen, TimeSpan.Zero) : mention.Timestamp;
            if (!_deduplicator.TryAdd(mention.Key, mention.Timestamp, watermark))
            {
                _counters.AddDuplicate();
                _logger.DuplicateMentionIgnored(mention.Id, mention.Platform);
                if (_events.HasObservers)
                {
                    _events.Publish(new DuplicateMentionIgnored(_time.GetUtcNow(), mention));
                }

                _metrics.Mention(IngestOutcome.Duplicate, late: false);
                return new IngestResult(IngestOutcome.Duplicate, count, false);
            }

            var latest = AdvanceWatermark(timestamp);
            if (latest > timestamp)
            {
                watermark = new DateTimeOffset(latest, TimeSpan.Zero);
            }

            var lateness = watermark - mention.Timestamp;
            var isLate = lateness > _options.LateMentionTolerance;
            _counters.AddMatched();
            if (isLate)
            {
                _counters.AddLate();
                _logger.LateMentionAccepted(mention.Id, mention.Platform, lateness);
                if (_events.HasObservers)
                {
                    _events.Publish(new LateMentionAccepted(_time.GetUtcNow(), mention, lateness));
                }
            }

            // Enrichment: pure, once per mention whatever the number of subjects. The default analyzer and categorizer
            // read one token pass between them.
            SentimentScore sentiment;
            CategoryScores categories;
            if (_lexiconSentiment is { } lexiconSentiment && _lexiconCategorizer is { } lexiconCategorizer)
            {
                sentiment = lexiconSentiment.Analyze(mention.Text, mention.Language, out var tokenized);
                categories = lexiconCategorizer.Categorize(mention.Text, mention.Language, tokenized);
            }
            else
            {
                sentiment = _sentiment.Analyze(mention.Text, mention.Language);
                categories = _categorizer.Categorize(mention.Text, mention.Language);
            }

            var terms = TermTokens.Rent();
            try
            {
                TermSketch.Tokenize(mention.Text, terms);
                CloseBuckets(latest);
                Dispatch(registry, matches.AsSpan(0, count), mention, isLate, watermark, sentiment, categories, terms);
            }
            finally
            {
                TermTokens.Return(terms);
            }

            _metrics.Mention(IngestOutcome.Matched, isLate);
            return new IngestResult(IngestOutcome.Matched, count, isLate);
        }
        finally
        {
            t_matches = matches;
        }
    }

    /// <summary>Raises the watermark to <paramref name="ticks"/> if it is lower; returns the watermark afterwards.</summary>
    private long AdvanceWatermark(long ticks)
    {
        var current = Volatile.Read(ref _watermark);
        while (current < ticks)
        {
            var previous = Interlocked.CompareExchange(ref _watermark, ticks, current);
            if (previous == current)
            {
                return ticks;
            }

            current = previous;
        }

        return current;
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
        if (Find(subjectId) is not { } state)
        {
            return null;
        }

        lock (state.Shard)
        {
            return state.Activity.Snapshot(10);
        }
    }

    private void Dispatch(Registry registry, ReadOnlySpan<int> matches, Mention mention, bool isLate, DateTimeOffset watermark, SentimentScore sentiment, CategoryScores categories, TermTokens terms)
    {
        foreach (var index in matches)
        {
            var state = registry.States[index];
            bool bucketed;
            lock (state.Shard)
            {
                state.Activity.Add(mention, isLate, sentiment, categories);
                bucketed = state.Detection.Series.Add(mention, sentiment, categories, terms);
            }

            var subject = registry.Matcher.Subjects[index];
            if (!bucketed && _events.HasObservers)
            {
                _events.Publish(new MentionNotBucketed(_time.GetUtcNow(), subject.Id, mention));
            }

            if (_processors.Length > 0)
            {
                var context = new MentionContext(mention, subject, isLate, watermark, sentiment, categories);
                lock (_processorGate)
                {
                    foreach (var processor in _processors)
                    {
                        processor.Process(in context);
                    }
                }
            }
        }
    }

    public void AdvanceTo(DateTimeOffset now) => CloseBuckets(now.UtcTicks);

    public IReadOnlyList<MentionBucket> GetBuckets(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        if (Find(subjectId) is not { } state)
        {
            return [];
        }

        lock (state.Shard)
        {
            return state.Detection.Series.ToList();
        }
    }

    public IReadOnlyList<CrisisCandidate> GetCandidates(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        if (Find(subjectId) is not { } state)
        {
            return [];
        }

        lock (state.Shard)
        {
            return state.Detection.Candidates();
        }
    }

    public void SaveState(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (_registryGate)
        {
            lock (_closeGate)
            {
                EnterShards();
                try
                {
                    var registry = _registry;
                    MonitorSnapshot.Write(destination, _detectionOptions, Watermark, _closedThrough, [.. registry.Matcher.Subjects.Select((s, i) => (s.Id, registry.States[i].Detection))]);
                }
                finally
                {
                    ExitShards();
                }
            }
        }
    }

    public void RestoreState(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_registryGate)
        {
            lock (_closeGate)
            {
                EnterShards();
                try
                {
                    // The snapshot is read into new detection states, which replace the current ones only once all of it has been read.
                    var registry = _registry;
                    var matcher = registry.Matcher;
                    var restored = MonitorSnapshot.Read(source, _detectionOptions, id => matcher.IndexOf(id) is var i and >= 0 ? NewDetection(matcher.Subjects[i]) : null);
                    foreach (var (id, detection) in restored.Subjects)
                    {
                        registry.States[matcher.IndexOf(id)].Detection = detection;
                    }

                    Volatile.Write(ref _watermark, restored.Watermark is { } w ? w.UtcTicks : NoWatermark);
                    Volatile.Write(ref _closedThrough, restored.ClosedThrough);
                }
                finally
                {
                    ExitShards();
                }
            }
        }
    }

    /// <summary>
    /// Closes, scores and correlates every subject's buckets that may close at mention time <paramref name="nowTicks"/>
    /// (UTC ticks), then publishes the candidate changes. Once per bucket period: other calls return at the first check.
    /// </summary>
    private void CloseBuckets(long nowTicks)
    {
        var through = ((nowTicks - _detectionOptions.GracePeriod.Ticks) / _detectionOptions.BucketSize.Ticks) - 1;
        if (through <= Volatile.Read(ref _closedThrough))
        {
            return;
        }

        // A thread that finds a period being closed helps close it rather than wait for it.
        Volatile.Read(ref _closing)?.Help();

        MonitorEvent[] reports;
        lock (_closeGate)
        {
            if (through <= _closedThrough)
            {
                return;
            }

            // Subjects in chunks, each subject under its own shard's lock, by this thread and any that arrive
            // meanwhile; the changes are gathered in subject order, whoever closed which chunk, so they come out
            // the same whatever the shards and threads. Ingestion on other subjects goes on meanwhile.
            var job = new CloseJob(through, Volatile.Read(ref _registry).States);
            Volatile.Write(ref _closing, job);
            try
            {
                job.Help();
                job.WaitUntilDone();
            }
            finally
            {
                Volatile.Write(ref _closing, null);
            }

            Volatile.Write(ref _closedThrough, through);
            job.GatherChanges(_changes);
            if (_changes.Count == 0)
            {
                return;
            }

            var at = _time.GetUtcNow();
            reports = new MonitorEvent[_changes.Count];
            for (var i = 0; i < reports.Length; i++)
            {
                var (change, candidate) = _changes[i];
                CandidateChanged(change, candidate);
                reports[i] = change switch
                {
                    CandidateChange.Opened => new CrisisCandidateOpened(at, candidate),
                    CandidateChange.Updated => new CrisisCandidateUpdated(at, candidate),
                    CandidateChange.Reopened => new CrisisCandidateReopened(at, candidate),
                    _ => new CrisisCandidateClosed(at, candidate),
                };
            }

            _changes.Clear();

            // Queued in the order the periods closed, before the close gate is let go.
            _closedReports.Enqueue(reports);
        }

        PublishClosedReports();
    }

    /// <summary>
    /// Publishes the queued bucket-closing events, period by period, unless another thread is doing so (it will
    /// publish these too). Never waits for a lock while holding one, so an observer may call back into the monitor.
    /// </summary>
    private void PublishClosedReports()
    {
        while (!_closedReports.IsEmpty)
        {
            if (Interlocked.CompareExchange(ref _publishing, 1, 0) != 0)
            {
                return;
            }

            try
            {
                while (_closedReports.TryDequeue(out var reports))
                {
                    foreach (var report in reports)
                    {
                        _events.Publish(report);
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _publishing, 0);
            }
        }
    }

    /// <summary>One bucket period being closed: its subjects in chunks that any thread may take.</summary>
    private sealed class CloseJob
    {
        private const int ChunkSize = 4;

        [ThreadStatic] private static List<(CandidateChange Change, CrisisCandidate Candidate)>? t_changes;

        private readonly long _through;
        private readonly SubjectState[] _states;
        private readonly (CandidateChange Change, CrisisCandidate Candidate)[]?[] _changes;
        private int _next;
        private int _done;

        public CloseJob(long through, SubjectState[] states)
        {
            _through = through;
            _states = states;
            _changes = new (CandidateChange, CrisisCandidate)[]?[(states.Length + ChunkSize - 1) / ChunkSize];
        }

        /// <summary>Closes chunks until none is left to take.</summary>
        public void Help()
        {
            var changes = t_changes ??= [];
            while (true)
            {
                var chunk = Interlocked.Increment(ref _next) - 1;
                if (chunk >= _changes.Length)
                {
                    return;
                }

                try
                {
                    changes.Clear();
                    var end = Math.Min(_states.Length, (chunk + 1) * ChunkSize);
                    for (var i = chunk * ChunkSize; i < end; i++)
                    {
                        var state = _states[i];
                        lock (state.Shard)
                        {
                            state.Detection.CloseThrough(_through, changes);
                        }
                    }

                    if (changes.Count > 0)
                    {
                        _changes[chunk] = [.. changes];
                    }
                }
                finally
                {
                    Interlocked.Increment(ref _done);
                }
            }
        }

        /// <summary>Waits for chunks that other threads took to be closed.</summary>
        public void WaitUntilDone()
        {
            var spin = default(SpinWait);
            while (Volatile.Read(ref _done) < _changes.Length)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        /// <summary>Adds the candidate changes to <paramref name="into"/> in subject order.</summary>
        public void GatherChanges(List<(CandidateChange Change, CrisisCandidate Candidate)> into)
        {
            foreach (var chunk in _changes)
            {
                if (chunk is not null)
                {
                    into.AddRange(chunk);
                }
            }
        }
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

    private SubjectState? Find(string subjectId)
    {
        var registry = Volatile.Read(ref _registry);
        var index = registry.Matcher.IndexOf(subjectId);
        return index < 0 ? null : registry.States[index];
    }

    private void EnterShards()
    {
        foreach (var shard in _shards)
        {
            shard.Enter();
        }
    }

    private void ExitShards()
    {
        for (var i = _shards.Length - 1; i >= 0; i--)
        {
            _shards[i].Exit();
        }
    }

    private SubjectState NewState(MonitoredSubject subject) =>
        new(_shards[ShardOf(subject.Id, _shards.Length)], new SubjectActivityTracker(subject.Id, _options.TopAuthorsTracked), NewDetection(subject));

    private SubjectDetection NewDetection(MonitoredSubject subject) => new(subject, _detectionOptions, _detectorFactory);

    /// <summary>The shard of a subject: a hash of its id that is the same in every process.</summary>
    internal static int ShardOf(string subjectId, int shards) => (int)(TermHash.Of(subjectId) % (uint)shards);

    /// <summary>The subjects and their state, index for index; replaced whole when subjects are added or removed.</summary>
    private sealed record Registry(SubjectMatcher Matcher, SubjectState[] States);

    /// <summary>What the monitor keeps per subject: the lock of its shard, its activity totals and its detection pipeline (guarded by that lock).</summary>
    private sealed class SubjectState(Lock shard, SubjectActivityTracker activity, SubjectDetection detection)
    {
        public Lock Shard { get; } = shard;

        public SubjectActivityTracker Activity { get; } = activity;

        public SubjectDetection Detection { get; set; } = detection;
    }
}
