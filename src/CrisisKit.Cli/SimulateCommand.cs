using System.CommandLine;
using System.Text.Json;
using CrisisKit.Ingestion;
using CrisisKit.Mentions;
using CrisisKit.Simulation;

namespace CrisisKit.Cli;

/// <summary><c>crisiskit simulate</c>: a scenario's mentions and subjects as files, so a replay can be tried from a clone with no data of one's own.</summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output)
    {
        var scenario = new Option<string>("--scenario") { Description = "The scenario (see crisiskit drill --list).", Required = true };
        var outFile = new Option<FileInfo>("--out") { Description = "The mentions file to write (JSON Lines, .jsonl); the subjects file is written beside it as <name>.subjects.json.", Required = true };
        var seed = CliNumbers.WholeNumber("--seed", "The simulation's seed.", 1);
        var command = new Command("simulate", "Write a simulated scenario's mentions (JSON Lines) and its subjects file, ready for crisiskit replay.")
        {
            scenario, outFile, seed,
        };
        command.SetAction(result => Run(result.GetValue(scenario)!, result.GetValue(outFile)!, result.GetValue(seed), output));
        return command;
    }

    private static int Run(string name, FileInfo outFile, int seed, TextWriter output)
    {
        Scenario scenario;
        try
        {
            scenario = Scenarios.Get(name);
        }
        catch (ArgumentException)
        {
            throw new CommandException($"--scenario: no scenario is named '{name}'; the scenarios are: {string.Join(", ", Scenarios.All.Select(s => s.Name))}.");
        }

        if (!outFile.Extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandException($"--out: name the mentions file *.jsonl (was {outFile.Name}).");
        }

        outFile.Directory?.Create();
        var count = 0;
        using (var writer = new JsonLinesMentionWriter(File.Create(outFile.FullName)))
        {
            foreach (var mention in new ScenarioSimulator(scenario, seed).Generate())
            {
                writer.Write(mention);
                count++;
            }
        }

        var subjects = Path.ChangeExtension(outFile.FullName, ".subjects.json");
        using (var stream = File.Create(subjects))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            WriteSubject(json, scenario.Subject);
            json.WriteEndArray();
        }

        output.WriteLine($"wrote {count:N0} mentions of {scenario.Name} to {outFile.FullName} and its subjects to {subjects}");
        output.WriteLine($"try: crisiskit replay --mentions {outFile.FullName} --subjects {subjects} --protocols DIR --report reports (crisiskit protocol init DIR writes sample protocols)");
        return 0;
    }

    private static void WriteSubject(Utf8JsonWriter json, MonitoredSubject subject)
    {
        json.WriteStartObject();
        json.WriteString("id", subject.Id);
        json.WriteString("name", subject.Name);
        json.WriteString("kind", subject.Kind.ToString());
        foreach (var (name, values) in new[] { ("keywords", subject.Keywords), ("handles", subject.Handles), ("hashtags", subject.Hashtags), ("languages", subject.Languages), ("exclusions", subject.Exclusions) })
        {
            json.WriteStartArray(name);
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
