using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace CrisisKit.Cli;

/// <summary><c>crisiskit bench ...</c></summary>
internal static class BenchCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var mentions = CliNumbers.WholeNumber("--mentions", "How many mentions to push through (1,000 to 10,000,000).", 1_000_000);
        var subjects = CliNumbers.WholeNumber("--subjects", "How many monitored subjects (1 to 10,000).", 100);
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var silos = CliNumbers.WholeNumber("--silos", $"Run on an Orleans cluster of this many silos in this process, on loopback (1 to {ClusterBenchmark.MaxSilos}), and compare with one process.", 2);
        var killSilo = new Option<bool>("--kill-silo") { Description = "With --silos 2 or more: kill a silo other than the primary mid-crisis, once it holds an incident grain." };
        var command = new Command("bench", "End-to-end capacity for sizing a deployment: mentions per second through matching, enrichment, detection, correlation and escalation, on one core and on all cores; allocated bytes per mention; peak memory. With --silos: the same mentions through an in-process Orleans cluster, compared with one process.")
        {
            mentions, subjects, json, silos, killSilo,
        };
        command.SetAction(result =>
        {
            var silosGiven = result.GetResult(silos) is { Implicit: false };
            if (silosGiven || result.GetValue(killSilo))
            {
                return RunCluster(result.GetValue(mentions), result.GetValue(subjects), silosGiven ? result.GetValue(silos) : null, result.GetValue(killSilo), result.GetValue(json), output, error);
            }

            return Run(result.GetValue(mentions), result.GetValue(subjects), result.GetValue(json), output, error);
        });
        return command;
    }

    /// <summary>The most mentions a run generates: they are all made up front, so memory grows with them (about 1 GB a million).</summary>
    private const int MaxMentions = 10_000_000;

    private static void CheckSizes(int mentions, int subjects)
    {
        if (mentions is < 1_000 or > MaxMentions)
        {
            throw new CommandException($"--mentions must be between 1000 and {MaxMentions} (was {mentions}); the mentions are generated in memory before the run, about 1 GB a million.");
        }

        if (subjects is < 1 or > 10_000)
        {
            throw new CommandException($"--subjects must be between 1 and 10000 (was {subjects}).");
        }
    }

    private static int RunCluster(int mentions, int subjects, int? silos, bool killSilo, bool json, TextWriter output, TextWriter error)
    {
        if (silos is null)
        {
            throw new CommandException("--kill-silo needs --silos N with N of at least 2 (the primary silo is never killed).");
        }

        if (silos is < 1 or > ClusterBenchmark.MaxSilos)
        {
            throw new CommandException($"--silos must be between 1 and {ClusterBenchmark.MaxSilos} (was {silos}).");
        }

        if (killSilo && silos < 2)
        {
            throw new CommandException($"--kill-silo needs at least 2 silos (was --silos {silos}): the primary silo holds the cluster's membership and is never killed.");
        }

        CheckSizes(mentions, subjects);
        var result = ClusterBenchmark.RunAsync(mentions, subjects, silos.Value, killSilo, progress: message => error.WriteLine($"bench: {message}")).GetAwaiter().GetResult();
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result with { MentionsPerSecond = Math.Round(result.MentionsPerSecond), Seconds = Math.Round(result.Seconds, 2), MentionHours = Math.Round(result.MentionHours, 2) }, CliJsonContext.Default.ClusterResult));
            return 0;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{result.Mentions:N0} mentions of {result.Subjects} subjects on {result.Silos} silos{(result.KilledSilo ? $", one killed before batch {result.KilledAtBatch} of {result.Batches} (it held {result.SubjectGrainsOnKilledSilo} subject and {result.IncidentGrainsOnKilledSilo} incident grains)" : "")}"));
        output.WriteLine(string.Create(inv, $"throughput:    {result.MentionsPerSecond:N0} mentions/s ({result.Seconds:N1} s)"));
        output.WriteLine(string.Create(inv, $"incidents:     {result.Incidents} (one process: {result.ExpectedIncidents}; {(result.SameIncidents ? "the same candidates" : "NOT the same candidates")})"));
        output.WriteLine(string.Create(inv, $"storage:       {result.StorageWrites:N0} writes, {result.StorageBytes / (1024.0 * 1024):N1} MiB"));
        output.WriteLine(result.Notifications is null
            ? "notifications: not available (no incident grains in the cluster)"
            : string.Create(inv, $"notifications: {result.Notifications} delivered (one process: {result.ExpectedNotifications}), {result.LostNotifications} lost, {result.DuplicateNotifications} duplicated"));
        return 0;
    }

    private static int Run(int mentions, int subjects, bool json, TextWriter output, TextWriter error)
    {
        CheckSizes(mentions, subjects);

        var result = CapacityBenchmark.Run(mentions, subjects, progress: message => error.WriteLine($"bench: {message}"));
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new BenchReport(Math.Round(result.MentionsPerSecondPerCore), Math.Round(result.MentionsPerSecondAllCores), Math.Round(result.MentionsPerSecondSeparateMonitors), Math.Round(result.AllocatedBytesPerMention, 1), result.PeakMemoryBytes, result.Mentions, result.Subjects, result.Cores, result.Incidents), CliJsonContext.Default.BenchReport));
            return 0;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{result.Mentions:N0} mentions of {result.Subjects} subjects, {result.Incidents} incidents opened"));
        output.WriteLine(string.Create(inv, $"one core:   {result.MentionsPerSecondPerCore:N0} mentions/s"));
        output.WriteLine(string.Create(inv, $"{result.Cores} cores:    {result.MentionsPerSecondAllCores:N0} mentions/s"));
        output.WriteLine(string.Create(inv, $"{result.Cores} cores, a monitor each (nothing shared): {result.MentionsPerSecondSeparateMonitors:N0} mentions/s"));
        output.WriteLine(string.Create(inv, $"allocated:  {result.AllocatedBytesPerMention:N1} bytes/mention"));
        output.WriteLine(string.Create(inv, $"peak memory: {result.PeakMemoryBytes / (1024.0 * 1024):N0} MiB"));
        return 0;
    }
}

/// <summary>The JSON shape of <c>crisiskit bench --json</c>.</summary>
internal sealed record BenchReport(double MentionsPerSecondPerCore, double MentionsPerSecondAllCores, double MentionsPerSecondSeparateMonitors, double AllocatedBytesPerMention, long PeakMemoryBytes, long Mentions, int Subjects, int Cores, int Incidents);
