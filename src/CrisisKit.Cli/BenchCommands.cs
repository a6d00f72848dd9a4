using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace CrisisKit.Cli;

/// <summary><c>crisiskit bench ...</c></summary>
internal static class BenchCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var mentions = CliNumbers.WholeNumber("--mentions", "How many mentions to push through (at least 1,000).", 1_000_000);
        var subjects = CliNumbers.WholeNumber("--subjects", "How many monitored subjects (1 to 10,000).", 100);
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("bench", "End-to-end capacity for sizing a deployment: mentions per second through matching, enrichment, detection, correlation and escalation, on one core and on all cores; allocated bytes per mention; peak memory.")
        {
            mentions, subjects, json,
        };
        command.SetAction(result => Run(result.GetValue(mentions), result.GetValue(subjects), result.GetValue(json), output, error));
        return command;
    }

    private static int Run(int mentions, int subjects, bool json, TextWriter output, TextWriter error)
    {
        if (mentions < 1_000)
        {
            throw new CommandException($"--mentions must be at least 1000 (was {mentions}).");
        }

        if (subjects is < 1 or > 10_000)
        {
            throw new CommandException($"--subjects must be between 1 and 10000 (was {subjects}).");
        }

        var result = CapacityBenchmark.Run(mentions, subjects, progress: message => error.WriteLine($"bench: {message}"));
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new BenchReport(Math.Round(result.MentionsPerSecondPerCore), Math.Round(result.MentionsPerSecondAllCores), Math.Round(result.AllocatedBytesPerMention, 1), result.PeakMemoryBytes, result.Mentions, result.Subjects, result.Cores, result.Incidents), CliJsonContext.Default.BenchReport));
            return 0;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{result.Mentions:N0} mentions of {result.Subjects} subjects, {result.Incidents} incidents opened"));
        output.WriteLine(string.Create(inv, $"one core:   {result.MentionsPerSecondPerCore:N0} mentions/s"));
        output.WriteLine(string.Create(inv, $"{result.Cores} cores:    {result.MentionsPerSecondAllCores:N0} mentions/s"));
        output.WriteLine(string.Create(inv, $"allocated:  {result.AllocatedBytesPerMention:N1} bytes/mention"));
        output.WriteLine(string.Create(inv, $"peak memory: {result.PeakMemoryBytes / (1024.0 * 1024):N0} MiB"));
        return 0;
    }
}

/// <summary>The JSON shape of <c>crisiskit bench --json</c>.</summary>
internal sealed record BenchReport(double MentionsPerSecondPerCore, double MentionsPerSecondAllCores, double AllocatedBytesPerMention, long PeakMemoryBytes, long Mentions, int Subjects, int Cores, int Incidents);
