// The CrisisKit quickstart: stream a simulated crisis through the monitor and print what it saw.
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Escalation;
using CrisisKit.Evaluation;
using CrisisKit.Hosting;
using CrisisKit.Incidents;
using CrisisKit.Monitoring;
using CrisisKit.Reports;
using CrisisKit.Simulation;
using CrisisKit.Statements;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var scenario = Scenarios.ViralComplaint;

// CrisisKit measures itself on the "CrisisKit" meter; this listener totals every instrument for the end of the run
// (an app exporting with OpenTelemetry uses AddMeter("CrisisKit") instead).
using var meter = new MeterTotals("CrisisKit");

// Mention time drives everything: the clock follows the simulated mentions, so a day of crisis runs in seconds.
var clock = new VirtualClock(scenario.Start);
var pager = new InMemoryNotificationChannel("webhook");
var desk = new InMemoryNotificationChannel("console");
var services = new ServiceCollection();
services.AddSingleton<TimeProvider>(clock);
services.AddCrisisKit(options => options.Subjects.Add(scenario.Subject))
    .AddProtocols([.. SampleProtocols.Sources])
    .AddNotificationChannel(pager)
    .AddNotificationChannel(desk)
    .AddPostIncidentReports()
    .AddReportFiles(Path.Combine(Path.GetTempPath(), "crisiskit-quickstart"));
using var provider = services.BuildServiceProvider();
provider.GetRequiredService<IStartupValidator>().Validate();
var monitor = provider.GetRequiredService<ICrisisMonitor>();
var engine = provider.GetRequiredService<IEscalationEngine>();
using var following = engine.Follow(monitor);
var candidates = new List<CrisisCandidate>();
using var subscription = monitor.Subscribe(new CandidateCollector(candidates));

Console.WriteLine($"Scenario '{scenario.Name}': {scenario.Description}");
var stopwatch = Stopwatch.StartNew();
Incident? acknowledged = null;
Incident? responded = null;
var reviewer = provider.GetRequiredService<IStatementReviewer>();
foreach (var mention in new ScenarioSimulator(scenario, seed: 7).Generate())
{
    clock.AdvanceTo(mention.Timestamp);
    monitor.Ingest(mention);

    // A simulated responder: the social lead acknowledges 17 minutes after the incident opens.
    if (acknowledged is null && engine.OpenIncidents.FirstOrDefault() is { } open && clock.GetUtcNow() >= open.OpenedAt.AddMinutes(17))
    {
        acknowledged = await engine.AcknowledgeAsync(open.Id, open.ProtocolId == "standard" ? "duty-moderator" : "social-lead");
    }

    // Forty minutes in, the communications lead reviews a draft and publishes it.
    if (acknowledged is not null && responded is null && clock.GetUtcNow() >= acknowledged.OpenedAt.AddMinutes(40))
    {
        const string Draft = "We know many of you are upset about how our support treated a customer today. We're sorry. We are contacting them directly, reviewing what went wrong, and we will post an update here by 18:00 UTC.";
        var review = reviewer.Review(Draft, new StatementContext(Language: "en", Platform: "x", BrandName: scenario.BrandName));
        Console.WriteLine($"Statement review at {clock.GetUtcNow():ddd HH:mm}: score {review.Score}, ready {review.IsReady}{string.Concat(review.Findings.Select(f => $"; {f.Severity} {f.Rule}: {f.Message}"))}");
        responded = await engine.PublishStatementAsync(acknowledged.Id, acknowledged.ProtocolId == "standard" ? "social-lead" : "comms-lead", "en", "x", Draft);
    }
}

monitor.AdvanceTo(scenario.Start + scenario.Duration);
clock.AdvanceTo(scenario.Start + scenario.Duration);

// The crisis is over: the communications lead resolves the incident; the post-incident stage records the buckets on
// its timeline, evaluates it and writes the report (AddReportFiles).
string? reportPath = null;
if (responded is not null)
{
    var resolved = await engine.ChangeStatusAsync(responded.Id, responded.ProtocolId == "standard" ? "social-lead" : "comms-lead", IncidentStatus.Resolved);
    await provider.GetRequiredService<PostIncidentReporter>().ReportAsync(resolved.Id, scenario.GroundTruth[0].Onset, candidates.FirstOrDefault(c => c.Id == resolved.CandidateId));
    reportPath = provider.GetServices<IIncidentReportSink>().OfType<ReportFileSink>().Single().LastWritten;
}

var statistics = monitor.Statistics;
Console.WriteLine($"Ingested {statistics.Received:N0} mentions in {stopwatch.Elapsed.TotalMilliseconds:N0} ms ({statistics.Matched:N0} matched, {statistics.Duplicates} duplicates, {statistics.Late} late).");

foreach (var subject in monitor.Subjects)
{
    var activity = monitor.GetActivity(subject.Id)!;
    Console.WriteLine();
    Console.WriteLine($"{subject.Name}: {activity.Mentions:N0} mentions from {activity.FirstMention:yyyy-MM-dd HH:mm} to {activity.LastMention:yyyy-MM-dd HH:mm} UTC");
    Console.WriteLine($"  potential reach {activity.PotentialReach:N0}, interactions {activity.Interactions:N0}");
    Console.WriteLine($"  sentiment: mean {activity.MeanSentiment:+0.00;-0.00}, {activity.NegativeMentions:N0} negative ({100.0 * activity.NegativeMentions / activity.Mentions:0}%)");
    Console.WriteLine($"  crisis categories: {string.Join(", ", activity.Categories.Select(c => $"{c.Key} {c.Value:N0}"))}");
    Console.WriteLine($"  languages: {string.Join(", ", activity.Languages.Select(l => $"{l.Key} {l.Value:N0}"))}");
    Console.WriteLine($"  platforms: {string.Join(", ", activity.Platforms.Select(p => $"{p.Key} {p.Value:N0}"))}");
    Console.WriteLine("  most active authors:");
    foreach (var author in activity.TopAuthors.Take(5))
    {
        Console.WriteLine($"    @{author.Handle,-28} {author.Mentions,5} mentions  {author.Followers,10:N0} followers");
    }

    Console.WriteLine("  widest reach:");
    foreach (var author in activity.TopAuthorsByReach.Take(5))
    {
        Console.WriteLine($"    @{author.Handle,-28} {author.Followers,10:N0} followers{(author.Verified ? "  (verified)" : "")}");
    }
}

Console.WriteLine();
Console.WriteLine("Crisis candidates raised:");
foreach (var candidate in candidates)
{
    var closed = candidate.ClosedAt is { } at ? $", closed {at:ddd HH:mm}" : ", still open";
    Console.WriteLine($"  {candidate.Id}: first signal {candidate.FirstSignalAt:ddd yyyy-MM-dd HH:mm}, peak {candidate.PeakScore:0.00} at {candidate.PeakAt:ddd HH:mm}, {candidate.SignalCount} signals{closed}");
    foreach (var reason in candidate.Reasons)
    {
        Console.WriteLine($"    {reason.Detector} ({reason.Contribution:0.00}, {reason.BucketStart:ddd HH:mm}): {reason.Reason}");
    }

    if (candidate.TopTerms.Count > 0)
    {
        Console.WriteLine($"    terms: {string.Join(", ", candidate.TopTerms)}");
    }
}

Console.WriteLine();
Console.WriteLine("Incidents and their escalation:");
foreach (var id in await provider.GetRequiredService<IIncidentStore>().ListAsync())
{
    var incident = (await provider.GetRequiredService<IIncidentStore>().GetAsync(id))!;
    Console.WriteLine($"  {incident.Id}: {incident.Status}, severity {incident.Severity}, protocol {incident.ProtocolId}, opened {incident.OpenedAt:ddd HH:mm}");
    foreach (var factor in incident.SeverityFactors.Where(f => f.Points > 0 || f.Name == "category-floor"))
    {
        Console.WriteLine($"    {factor.Description}{(factor.Points > 0 ? $" (+{factor.Points:0})" : "")}");
    }

    foreach (var entry in incident.Timeline.Where(e => e is SeverityChanged { From: not null } or ProtocolChosen or IncidentAcknowledged or DeadlineBreached))
    {
        Console.WriteLine($"    {entry.At:ddd HH:mm} {Describe(entry)}");
    }
}

Console.WriteLine();
Console.WriteLine("Notifications sent (virtual time):");
foreach (var notification in pager.Sent.OrderBy(n => n.At).ThenBy(n => n.IdempotencyKey, StringComparer.Ordinal))
{
    Console.WriteLine($"  {notification.At:ddd HH:mm} to {notification.Person,-14} via {notification.Channel}: {notification.Title}");
}

Console.WriteLine();
Console.WriteLine("What really happened (ground truth):");
foreach (var truth in scenario.GroundTruth)
{
    Console.WriteLine($"  {truth.Onset:ddd yyyy-MM-dd HH:mm} to {truth.End:ddd HH:mm}: {truth.Kind} - {truth.Description}");
}

Console.WriteLine();
Console.WriteLine("Telemetry on the CrisisKit meter:");
foreach (var line in meter.Lines())
{
    Console.WriteLine($"  {line}");
}

if (reportPath is not null)
{
    Console.WriteLine();
    Console.WriteLine($"Post-incident report: {reportPath}");
}

static string Describe(IncidentEvent entry) => entry switch
{
    SeverityChanged s => $"severity {s.From} -> {s.To}",
    ProtocolChosen p => $"protocol {p.ProtocolId}: {p.Reason}",
    IncidentAcknowledged a => $"acknowledged by {a.By}",
    DeadlineBreached b => $"missed the {b.Deadline} deadline (due {b.Due:HH:mm})",
    _ => entry.GetType().Name,
};

/// <summary>Keeps the latest state of each crisis candidate the monitor reports.</summary>
internal sealed class CandidateCollector(List<CrisisCandidate> candidates) : IObserver<MonitorEvent>
{
    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void OnNext(MonitorEvent value)
    {
        if (value is not CrisisCandidateEvent { Candidate: var candidate })
        {
            return;
        }

        var index = candidates.FindIndex(c => c.Id == candidate.Id);
        if (index < 0)
        {
            candidates.Add(candidate);
        }
        else
        {
            candidates[index] = candidate;
        }
    }
}

/// <summary>Totals of every instrument on one meter, as an app's own <see cref="MeterListener"/> sees them.</summary>
internal sealed class MeterTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly SortedDictionary<string, (Instrument Instrument, long Count, double Sum, double Last)> _totals = new(StringComparer.Ordinal);

    public MeterTotals(string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument, value));
        _listener.Start();
    }

    /// <summary>One line per instrument that measured something: a counter's total, a histogram's count and mean, a gauge's reading.</summary>
    public IEnumerable<string> Lines()
    {
        _listener.RecordObservableInstruments();
        lock (_totals)
        {
            return [.. _totals.Select(t => t.Value.Instrument switch
            {
                Histogram<double> => $"{t.Key}: {t.Value.Count} measurements, mean {t.Value.Sum / t.Value.Count:0.##} {t.Value.Instrument.Unit}",
                ObservableGauge<int> => $"{t.Key}: {t.Value.Last} now",
                _ => $"{t.Key}: {t.Value.Sum} {t.Value.Instrument.Unit}",
            })];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value)
    {
        lock (_totals)
        {
            var (_, count, sum, _) = _totals.GetValueOrDefault(instrument.Name);
            _totals[instrument.Name] = (instrument, count + 1, sum + value, value);
        }
    }
}
