using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Diagnostics;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace CrisisKit.Orleans;

/// <summary>What a subject grain keeps in grain storage: its detection state as snapshot bytes, and how far it has applied each router's batches.</summary>
[GenerateSerializer]
internal sealed class SubjectGrainState
{
    /// <summary>A CrisisKit snapshot holding this one subject (<see cref="MonitorSnapshot"/>), or null before the first write.</summary>
    [Id(0)] public byte[]? Snapshot { get; set; }

    /// <summary>The last batch sequence applied per router, as of <see cref="Snapshot"/>.</summary>
    [Id(1)] public Dictionary<Guid, long> Applied { get; set; } = [];
}

/// <summary>
/// The default <see cref="ISubjectGrain"/>: runs one subject's detection exactly as <see cref="CrisisMonitor"/> does
/// for it (close the buckets the watermark allows, then add the mention), writes the state after every batch that
/// closed a bucket (or after <see cref="CrisisKitOrleansOptions.MaxUnpersistedBatches"/> batches, or on deactivation)
/// and publishes candidate changes to the silo's <see cref="ICandidateSink"/>.
/// </summary>
internal sealed class SubjectGrain : Grain, ISubjectGrain, ISubjectIngestGrain
{
    private readonly IPersistentState<SubjectGrainState> _state;
    private readonly DetectionOptions _detectionOptions;
    private readonly ICrisisDetectorFactory _detectors;
    private readonly IOptions<CrisisKitOptions> _options;
    private readonly CrisisKitOrleansOptions _orleansOptions;
    private readonly ICandidateSink _sink;
    private readonly TimeProvider _time;
    private readonly CrisisKitMetrics _metrics;
    private readonly ILogger _logger;
    private readonly List<(CandidateChange Change, CrisisCandidate Candidate)> _changes = [];
    private readonly Dictionary<Guid, long> _applied = [];

    /// <summary>Per router, the last batch whose effects are in stored state: only a successful write moves it.</summary>
    private Dictionary<Guid, long> _persisted = [];
    private SubjectDetection _detection = null!;
    private long _watermark = long.MinValue;
    private long _closedThrough = long.MinValue;
    private int _unpersisted;

    public SubjectGrain(
        [PersistentState("subject", CrisisKitOrleansOptions.StorageName)] IPersistentState<SubjectGrainState> state,
        IOptions<DetectionOptions> detectionOptions,
        ICrisisDetectorFactory detectors,
        IOptions<CrisisKitOptions> options,
        IOptions<CrisisKitOrleansOptions> orleansOptions,
        ICandidateSink sink,
        TimeProvider time,
        CrisisKitMetrics metrics,
        ILogger<SubjectGrain> logger)
    {
        _state = state;
        _detectionOptions = detectionOptions.Value;
        _detectors = detectors;
        _options = options;
        _orleansOptions = orleansOptions.Value;
        _sink = sink;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    private string SubjectId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = SubjectId;
        var subject = _options.Value.Subjects.FirstOrDefault(s => s.Id == id)
            ?? throw new InvalidOperationException($"No monitored subject has the id '{id}': the silo's CrisisKitOptions.Subjects must hold every subject the routers send mentions for.");
        _detection = NewDetection(subject);
        if (_state.State.Snapshot is { } bytes)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var restored = MonitorSnapshot.Read(stream, _detectionOptions, s => s == id ? NewDetection(subject) : null);
            if (restored.Subjects.Count == 1)
            {
                _detection = restored.Subjects[0].Detection;
            }

            _watermark = restored.Watermark?.UtcTicks ?? long.MinValue;
            _closedThrough = restored.ClosedThrough;
            _persisted = new Dictionary<Guid, long>(_state.State.Applied);
            foreach (var (router, sequence) in _state.State.Applied)
            {
                _applied[router] = sequence;
            }

            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.SubjectRestored(id, bytes.Length, string.Join(", ", _applied.Values));
            }
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unpersisted > 0)
        {
            await PersistAsync().ConfigureAwait(true);
        }
    }

    public Task<IReadOnlyList<CrisisCandidate>> GetCandidatesAsync() => Task.FromResult(_detection.Candidates());

    public Task<byte[]> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public async Task<BatchReceipt> ApplyAsync(SubjectBatch batch)
    {
        var applied = _applied.GetValueOrDefault(batch.Router);
        if (batch.Sequence != applied + 1)
        {
            // Already applied (a re-send), or after a gap (this activation came back from an older state): the
            // router learns where the grain is and sends what is missing.
            return Receipt(batch.Router);
        }

        var closedBefore = _closedThrough;
        var terms = TermTokens.ForThread();
        foreach (var routed in batch.Mentions)
        {
            CloseThrough(routed.WatermarkTicks);
            var mention = routed.ToMention();
            TermSketch.Tokenize(mention.Text, terms);
            _detection.Series.Add(mention, routed.Sentiment, routed.CategoryScores, terms);
        }

        CloseThrough(batch.WatermarkTicks);
        _applied[batch.Router] = batch.Sequence;
        _unpersisted++;
        await PublishChangesAsync().ConfigureAwait(true);
        if (_closedThrough != closedBefore || _unpersisted >= _orleansOptions.MaxUnpersistedBatches)
        {
            await PersistAsync().ConfigureAwait(true);
        }

        return Receipt(batch.Router);
    }

    private BatchReceipt Receipt(Guid router) =>
        new(_applied.GetValueOrDefault(router), _persisted.GetValueOrDefault(router));

    /// <summary>Closes the buckets that may close at watermark <paramref name="watermarkTicks"/>, as <see cref="CrisisMonitor"/> does for every subject.</summary>
    private void CloseThrough(long watermarkTicks)
    {
        if (watermarkTicks > _watermark)
        {
            _watermark = watermarkTicks;
        }

        var through = ((watermarkTicks - _detectionOptions.GracePeriod.Ticks) / _detectionOptions.BucketSize.Ticks) - 1;
        if (through > _closedThrough)
        {
            _detection.CloseThrough(through, _changes);
            _closedThrough = through;
        }
    }

    private async Task PublishChangesAsync()
    {
        if (_changes.Count == 0)
        {
            return;
        }

        var at = _time.GetUtcNow();
        var changes = _changes.ToArray();
        _changes.Clear();
        foreach (var (change, candidate) in changes)
        {
            CrisisCandidateEvent report = change switch
            {
                CandidateChange.Opened => new CrisisCandidateOpened(at, candidate),
                CandidateChange.Updated => new CrisisCandidateUpdated(at, candidate),
                CandidateChange.Reopened => new CrisisCandidateReopened(at, candidate),
                _ => new CrisisCandidateClosed(at, candidate),
            };
            if (change is CandidateChange.Opened or CandidateChange.Reopened)
            {
                _metrics.CandidateOpened();
            }
            else if (change is CandidateChange.Closed)
            {
                _metrics.CandidateClosed();
            }

            try
            {
                await _sink.PublishAsync(report, CancellationToken.None).ConfigureAwait(true);
            }
#pragma warning disable CA1031 // A failing sink is logged; it must not stop the subject's detection.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.CandidateSinkFailed(e, candidate.Id, candidate.SubjectId);
            }
        }
    }

    private async Task PersistAsync()
    {
        var applied = new Dictionary<Guid, long>(_applied);
        _state.State = new SubjectGrainState { Snapshot = Snapshot(), Applied = applied };
        await _state.WriteStateAsync().ConfigureAwait(true);
        _persisted = applied;
        _unpersisted = 0;
    }

    private byte[] Snapshot()
    {
        using var stream = new MemoryStream();
        DateTimeOffset? watermark = _watermark == long.MinValue ? null : new DateTimeOffset(_watermark, TimeSpan.Zero);
        MonitorSnapshot.Write(stream, _detectionOptions, watermark, _closedThrough, [(SubjectId, _detection)]);
        return stream.ToArray();
    }

    private SubjectDetection NewDetection(MonitoredSubject subject) => new(subject, _detectionOptions, _detectors);
}
