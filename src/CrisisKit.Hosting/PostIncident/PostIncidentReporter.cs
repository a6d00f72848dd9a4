using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Evaluation;
using CrisisKit.Incidents;
using CrisisKit.Monitoring;
using CrisisKit.Protocols;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrisisKit.Hosting;

/// <summary>
/// The post-incident stage: records the subject's series on a closed incident's timeline (with the configured
/// <see cref="DetectionOptions.BucketSize"/>), evaluates the incident (<see cref="IPostIncidentEvaluator"/>) and hands
/// the report to every registered <see cref="IIncidentReportSink"/>. The hosted pipeline calls it when an incident is
/// resolved or dismissed; a replay or drill without a host calls <see cref="ReportAsync"/> itself. Register it with
/// <c>AddHostedPipeline</c> or <c>AddPostIncidentReports</c>.
/// </summary>
public sealed partial class PostIncidentReporter
{
    private readonly ICrisisMonitor _monitor;
    private readonly IIncidentStore _store;
    private readonly IPostIncidentEvaluator _evaluator;
    private readonly ProtocolSet _protocols;
    private readonly DetectionOptions _detection;
    private readonly IReadOnlyList<IIncidentReportSink> _sinks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the stage (the container does, after <c>AddPostIncidentReports</c>).</summary>
    /// <param name="monitor">Where the subject's buckets come from.</param>
    /// <param name="store">Where the incident's timeline is read and its series recorded.</param>
    /// <param name="evaluator">The evaluator.</param>
    /// <param name="protocols">The protocols in force (each incident's deadlines are judged against its own).</param>
    /// <param name="detection">The detection options: their bucket size is the series'.</param>
    /// <param name="sinks">Where reports go.</param>
    /// <param name="time">The clock the series is recorded at.</param>
    /// <param name="logger">Where failing sinks are logged.</param>
    public PostIncidentReporter(ICrisisMonitor monitor, IIncidentStore store, IPostIncidentEvaluator evaluator, ProtocolSet protocols, IOptions<DetectionOptions> detection, IEnumerable<IIncidentReportSink> sinks, TimeProvider time, ILogger<PostIncidentReporter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(protocols);
        ArgumentNullException.ThrowIfNull(detection);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(time);
        _monitor = monitor;
        _store = store;
        _evaluator = evaluator;
        _protocols = protocols;
        _detection = detection.Value;
        _sinks = [.. sinks];
        _time = time;
        _logger = logger ?? NullLogger<PostIncidentReporter>.Instance;
    }

    /// <summary>
    /// Records the subject's buckets on the incident's timeline (once: an incident that has its series keeps it),
    /// evaluates the incident and hands the report to every sink.
    /// </summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="groundTruthOnset">When the crisis really began, when known (a simulation's ground truth); otherwise the evaluation estimates it.</param>
    /// <param name="candidate">The crisis candidate the incident came from, when the caller kept it; otherwise the monitor's (it keeps each subject's open and latest closed candidate).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">No incident has that id.</exception>
    public async Task<PostIncidentReport> ReportAsync(string incidentId, DateTimeOffset? groundTruthOnset = null, CrisisCandidate? candidate = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        var incident = await LoadAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var buckets = _monitor.GetBuckets(incident.SubjectId);
        for (var attempt = 1; !incident.Timeline.OfType<IncidentSeriesRecorded>().Any(); attempt++)
        {
            try
            {
                await _store.AppendAsync(incident.Id, incident.Version, [IncidentSeriesRecorded.From(_time.GetUtcNow(), buckets, _detection.BucketSize)], cancellationToken).ConfigureAwait(false);
            }
            catch (IncidentConcurrencyException) when (attempt < 5)
            {
                // The engine appended first (a late notification record, say): read the timeline again and retry.
            }

            incident = await LoadAsync(incidentId, cancellationToken).ConfigureAwait(false);
        }

        var protocol = _protocols.Find(incident.ProtocolId);
        candidate ??= _monitor.GetCandidates(incident.SubjectId).LastOrDefault(c => c.Id == incident.CandidateId);
        var input = new EvaluationInput(incident, protocol, buckets, groundTruthOnset, candidate) { BucketSize = _detection.BucketSize };
        var evaluation = _evaluator.Evaluate(input);
        var report = new PostIncidentReport(incident, evaluation, buckets, protocol);
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.WriteAsync(input, evaluation, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogSinkFailed(_logger, ex, sink.GetType().Name, incident.Id);
            }
        }

        LogReported(_logger, incident.Id, _sinks.Count);
        return report;
    }

    private async Task<Incident> LoadAsync(string incidentId, CancellationToken cancellationToken) =>
        await _store.GetAsync(incidentId, cancellationToken).ConfigureAwait(false)
        ?? throw new ArgumentException($"No incident has the id '{incidentId}'.", nameof(incidentId));

    [LoggerMessage(EventId = 5301, EventName = "IncidentReported", Level = LogLevel.Information, Message = "Post-incident report of {IncidentId} evaluated and handed to {Sinks} sinks.")]
    private static partial void LogReported(ILogger logger, string incidentId, int sinks);

    [LoggerMessage(EventId = 5302, EventName = "ReportSinkFailed", Level = LogLevel.Error, Message = "The report sink {Sink} failed on incident {IncidentId}; the other sinks still get the report.")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, string sink, string incidentId);
}
