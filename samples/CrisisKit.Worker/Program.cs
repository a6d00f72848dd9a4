// The CrisisKit worker sample: a generic host that watches a mentions file, escalates what it detects to the console
// and to a webhook, keeps incidents in SQLite, logs to the console (with every incident change it follows), exports
// CrisisKit's metrics through OpenTelemetry, and stops by itself at the end of the file.
//
//   dotnet run --project samples/CrisisKit.Worker                              # a simulated data breach, generated here
//   dotnet run --project samples/CrisisKit.Worker -- --mentions m.jsonl        # your file (and m.subjects.json beside it)
//   dotnet run --project samples/CrisisKit.Worker -- --webhook https://...     # post to your receiver, not the built-in one
using System.Globalization;
using CrisisKit.Escalation;
using CrisisKit.Hosting;
using CrisisKit.Incidents;
using CrisisKit.Ingestion;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Protocols;
using CrisisKit.Simulation;
using CrisisKit.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--mentions"] = "Worker:Mentions",
    ["--scenario"] = "Worker:Scenario",
    ["--webhook"] = "Worker:Webhook",
    ["--data"] = "Worker:Data",
});
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
var settings = builder.Configuration.GetSection("Worker");
var data = settings["Data"] ?? Path.Combine(Path.GetTempPath(), "crisiskit-worker");
Directory.CreateDirectory(data);

// The mentions file: yours, or a scenario the simulator writes (as `crisiskit simulate --scenario data-breach --out` does).
var mentions = settings["Mentions"];
IReadOnlyList<MonitoredSubject> subjects;
if (mentions is null)
{
    var scenario = Scenarios.Get(settings["Scenario"] ?? "data-breach");
    mentions = Path.Combine(data, scenario.Name + ".jsonl");
    await using (var file = File.Create(mentions))
    using (var writer = new JsonLinesMentionWriter(file))
    {
        foreach (var mention in new ScenarioSimulator(scenario, seed: 7).Generate())
        {
            writer.Write(mention);
        }
    }

    subjects = [scenario.Subject];
}
else
{
    subjects = SubjectFiles.Load(Path.ChangeExtension(mentions, ".subjects.json"));
}

// The file is a recording: a virtual clock follows the mentions' own timestamps, so a day of crisis replays in seconds.
var clock = new VirtualClock(await FirstTimestampAsync(mentions));
builder.Services.AddSingleton<TimeProvider>(clock);

// The webhook receiver this sample starts on a loopback port, unless --webhook names another.
const string Secret = "worker-sample-signing-secret";
var receiver = new WebhookReceiver(Secret);
builder.Services.AddSingleton(receiver);
builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookReceiver>());
var webhookBase = settings["Webhook"] ?? receiver.BaseAddress;

// The sample protocols, with their example webhook addresses pointed at the receiver.
var protocols = SampleProtocols.FileNames.Select(name =>
{
    using var reader = new StreamReader(SampleProtocols.Open(name));
    return ProtocolSource.FromJson(name, reader.ReadToEnd().Replace("https://hooks.example.com/", webhookBase, StringComparison.Ordinal));
}).ToArray();

// Each run of the sample starts afresh; a real worker keeps both files so a restart resumes where it stopped.
var store = Path.Combine(data, "incidents.db");
var snapshot = Path.Combine(data, "detection.snapshot");
File.Delete(store);
File.Delete(snapshot);
builder.Services.AddCrisisKit(o =>
    {
        foreach (var subject in subjects)
        {
            o.Subjects.Add(subject);
        }
    })
    .AddProtocols(protocols)
    .AddConsoleChannel("console")
    .UseSqliteIncidentStore(store)
    .AddSnapshotFile(snapshot)
    .AddHostedPipeline(o =>
    {
        o.ClockInterval = TimeSpan.FromMinutes(1);
        o.StopWhenSourcesEnd = true;
    })
    .AddWebhookChannel("webhook", o => o.Secret = Secret);
builder.Services.AddSingleton<IMentionSource>(sp => new ReplayAtMentionTime(
    new FileMentionSource(mentions, logger: sp.GetService<ILogger<FileMentionSource>>()), clock, sp.GetRequiredService<ICrisisMonitor>(), sp.GetRequiredService<IEscalationEngine>()));
builder.Services.AddHealthChecks().AddCrisisKitChecks();

// OpenTelemetry picks up CrisisKit's meter by name; the console exporter prints the totals when the host stops.
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMeter("CrisisKit")
    .AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000));

using var host = builder.Build();

// The app follows its incidents: every change the engine records, after it is stored.
var incidentLog = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Incidents");
using (host.Services.GetRequiredService<IEscalationEngine>().Subscribe(new IncidentFeed(incidentLog)))
{
    await host.RunAsync();
}

// The host has stopped: every mention was ingested, every candidate escalated, the state checkpointed.
await using var incidents = new CrisisKit.Storage.Sqlite.SqliteIncidentStore(store);
var ids = await incidents.ListAsync();
Console.WriteLine();
Console.WriteLine($"{ids.Count} incident(s) in {store}:");
foreach (var id in ids)
{
    var incident = (await incidents.GetAsync(id))!;
    var sent = incident.Timeline.OfType<NotificationSent>().ToList();
    Console.WriteLine($"  {incident.Id}: {incident.Status}, severity {incident.Severity}, protocol {incident.ProtocolId}, opened {incident.OpenedAt:ddd HH:mm}; " +
        $"{sent.Count(n => n.Channel == "console")} console and {sent.Count(n => n.Channel == "webhook")} webhook notifications");
}

Console.WriteLine($"Webhook receiver: {receiver.Received} notifications, {receiver.BadSignatures} with a bad signature.");
if (ids.Count == 0 || (settings["Webhook"] is null && (receiver.Received == 0 || receiver.BadSignatures > 0)))
{
    Console.Error.WriteLine("The worker should have escalated at least one incident through a correctly signed webhook.");
    return 1;
}

return 0;

static async Task<DateTimeOffset> FirstTimestampAsync(string path)
{
    var reader = MentionFiles.CreateReader(path);
    await foreach (var mention in MentionFiles.ReadAsync(reader, path))
    {
        return mention.Timestamp;
    }

    throw new InvalidOperationException($"{path} holds no mention.");
}

/// <summary>Logs the incident changes an app would act on: opened, severity changed, acknowledged, deadline breached, closed.</summary>
internal sealed class IncidentFeed(ILogger logger) : IObserver<IncidentChange>
{
    public void OnNext(IncidentChange change)
    {
        var text = change.Event switch
        {
            IncidentOpened opened => $"opened for {opened.SubjectName}",
            SeverityChanged severity => $"severity now {severity.To}",
            IncidentAcknowledged acknowledged => $"acknowledged by {acknowledged.By}",
            DeadlineBreached breached => $"missed its {breached.Deadline} deadline",
            StatusChanged status => $"is now {status.To}",
            _ => null,
        };
        if (text is not null)
        {
            logger.LogInformation("Incident {IncidentId} {Change}", change.Incident.Id, text);
        }
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }
}
