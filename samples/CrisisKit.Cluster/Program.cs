// The CrisisKit cluster sample: two Orleans silos in one process, on loopback, run a brand's detection (a subject
// grain) and its incident's escalation (an incident grain with reminders). A simulated data breach is replayed
// through the mention router; mid-crisis, the silo holding the brand's grains is killed without a graceful shutdown,
// and the other silo carries on from grain storage: the same crisis candidate, the same incident, and the
// escalation's next notifications, none sent twice.
//
//   dotnet run --project samples/CrisisKit.Cluster
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CrisisKit.Cluster;
using CrisisKit.Correlation;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Orleans;
using CrisisKit.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var scenario = Scenarios.DataBreach;
var brand = scenario.Subject;
var mentions = new ScenarioSimulator(scenario, seed: 7).Generate().ToList();

// Shared by both silos because they share this process: grain storage standing for a database (it outlives a silo),
// the replay's clock, and what the people were sent.
var storage = new SharedMemoryGrainStorage();
var clock = new ReplayClock(mentions[0].Timestamp);
var deliveries = new Deliveries();
var serviceId = "crisiskit-cluster-sample";
var ports = FreePorts(4);
var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);

IHost StartSilo(string name, int siloPort, int gatewayPort) => new HostBuilder()
    .UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(siloPort, gatewayPort, primary, serviceId, serviceId);

        // On loopback a dead silo's ports refuse at once: declare it dead after two missed one-second probes.
        silo.Configure<ClusterMembershipOptions>(o => (o.ProbeTimeout, o.NumMissedProbesLimit, o.NumVotesForDeathDeclaration) = (TimeSpan.FromSeconds(1), 2, 1));
        silo.Services.AddSingleton<TimeProvider>(clock);

        // A grain starts on the silo that first calls it, so this sample can put the brand's grains on silo B, the one
        // it kills (silo A holds the cluster's membership table and must stay).
        silo.Services.AddSingleton<PlacementStrategy, PreferLocalPlacement>();
        silo.AddSharedMemoryGrainStorage(CrisisKitOrleansOptions.StorageName, storage);
        silo.UseInMemoryReminderService();
        silo.AddCrisisKit(o => o.Subjects.Add(brand));
        silo.AddCrisisKitEscalation()
            .AddProtocols([.. SampleProtocols.Sources])
            .AddNotificationChannel(new RecordingChannel("console", name, deliveries, print: true))
            .AddNotificationChannel(new RecordingChannel("webhook", name, deliveries, print: false));
    })
    .Build();

using var siloA = StartSilo("silo A", ports[0], ports[1]);
await siloA.StartAsync();
var siloB = StartSilo("silo B", ports[2], ports[3]);
await siloB.StartAsync();
var addressA = Address(siloA);
var addressB = Address(siloB);
Console.WriteLine($"Two silos on loopback: silo A {addressA} (primary), silo B {addressB}.");

// Mentions come in through the router on silo A; the brand's subject grain starts on silo B.
var grains = siloA.Services.GetRequiredService<IGrainFactory>();
var router = siloA.Services.GetRequiredService<IMentionRouter>();
var management = grains.GetGrain<IManagementGrain>(0);
var subject = grains.GetGrain<ISubjectGrain>(brand.Id);
await siloB.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubjectGrain>(brand.Id).GetCandidatesAsync();
Console.WriteLine($"Replaying {mentions.Count:N0} mentions of {brand.Name} ({scenario.Name}, {scenario.Duration.TotalDays:N0} days) a minute at a time; the console channel's messages (each also goes by webhook):");

string? incidentId = null;
CrisisCandidate? candidateAtKill = null;
int sentBeforeKill = 0;
var killed = false;
foreach (var batch in Batches(mentions))
{
    // A replay runs on mention time: what the incident has due before this minute runs first, at its due time.
    var handedOver = batch[^1].Timestamp;
    if (incidentId is not null)
    {
        var incident = grains.GetGrain<IIncidentGrain>(incidentId);
        while (await incident.GetNextDueAsync() is { } due && due <= handedOver)
        {
            clock.AdvanceTo(due);
            await incident.RunDueAsync();
        }
    }

    clock.AdvanceTo(handedOver);
    await router.RouteAsync(batch);
    if (incidentId is null && (await subject.GetCandidatesAsync()).LastOrDefault(c => c.Status == CandidateStatus.Open) is { } opened)
    {
        incidentId = opened.Id;
        var incident = (await grains.GetGrain<IIncidentGrain>(incidentId).GetAsync())!;
        Console.WriteLine($"{handedOver:ddd HH:mm}  crisis candidate {opened.Id} opened on {Name(await management.GetActivationAddress(subject))}; incident {incident.Id}: {incident.Severity}, protocol {incident.ProtocolId}");
    }

    // Mid-crisis (the incident has sent its first messages and has more due), kill the silo holding the brand's grains.
    if (!killed && incidentId is not null && deliveries.SentBy("silo B") > 0 && await grains.GetGrain<IIncidentGrain>(incidentId).GetNextDueAsync() is not null)
    {
        var subjectSilo = await management.GetActivationAddress(subject);
        var incidentSilo = await management.GetActivationAddress(grains.GetGrain<IIncidentGrain>(incidentId));
        candidateAtKill = (await subject.GetCandidatesAsync()).Last();
        sentBeforeKill = deliveries.SentBy("silo B");
        Console.WriteLine($"{handedOver:ddd HH:mm}  killing silo B: it holds the subject grain ({Name(subjectSilo)}) and the incident grain ({Name(incidentSilo)}); {sentBeforeKill} notifications sent so far");
        try
        {
            await siloB.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
            // No graceful shutdown: the closest to a crash one process allows.
        }

        siloB.Dispose();
        killed = true;
    }
}

// After the replay: where the grains are now, and what they hold.
var candidates = await subject.GetCandidatesAsync();
var survivor = candidateAtKill is null ? null : candidates.FirstOrDefault(c => c.Id == candidateAtKill.Id);
var final = incidentId is null ? null : await grains.GetGrain<IIncidentGrain>(incidentId).GetAsync();
var sentAfterKill = deliveries.SentBy("silo A");
Console.WriteLine();
Console.WriteLine($"After the kill the subject grain runs on {Name(await management.GetActivationAddress(subject))}; candidate {survivor?.Id ?? "(none)"} went on from {candidateAtKill?.SignalCount} to {survivor?.SignalCount} signals (peak score {survivor?.PeakScore:F2}).");
if (final is not null)
{
    Console.WriteLine($"Incident {final.Id} runs on {Name(await management.GetActivationAddress(grains.GetGrain<IIncidentGrain>(final.Id)))}: {final.Status}, {final.Severity}, {final.Timeline.Count} timeline events; notifications: {sentBeforeKill} from silo B before the kill, {sentAfterKill} from silo A after it, {deliveries.Duplicates} repeated.");
}

await siloA.StopAsync();
if (!killed)
{
    siloB.Dispose();
}

var survived = killed && survivor is not null && final is not null && final.Id == incidentId && sentAfterKill > 0 && deliveries.Duplicates == 0;
Console.WriteLine(survived
    ? "The incident survived the silo's death: same candidate, same incident, and its escalation went on from the other silo."
    : "The incident did not survive the silo's death as it should.");
return survived ? 0 : 1;

string Name(SiloAddress? address) => address is null ? "no silo" : address.Equals(addressA) ? "silo A" : address.Equals(addressB) ? "silo B" : address.ToString();

static SiloAddress Address(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

// Free loopback ports, all different: each is held open until all are chosen.
static int[] FreePorts(int count)
{
    var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
    try
    {
        listeners.ForEach(l => l.Start());
        return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
    }
    finally
    {
        listeners.ForEach(l => l.Dispose());
    }
}

// What a source would hand over each minute of mention time.
static IEnumerable<Mention[]> Batches(List<Mention> mentions)
{
    var start = 0;
    for (var i = 1; i <= mentions.Count; i++)
    {
        if (i == mentions.Count || mentions[i].Timestamp - mentions[start].Timestamp >= TimeSpan.FromMinutes(1))
        {
            yield return mentions[start..i].ToArray();
            start = i;
        }
    }
}
