using System.CommandLine;
using System.Text.Json;
using CrisisKit.Hosting;
using CrisisKit.Protocols;
using CrisisKit.Simulation;

namespace CrisisKit.Cli;

/// <summary><c>crisiskit protocol ...</c></summary>
internal static class ProtocolCommands
{
    /// <summary>The channels CrisisKit ships; a protocol may name these without a host registering anything else.</summary>
    private static readonly string[] BuiltInChannels = ["console", "webhook", "in-memory"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("files") { Description = "Protocol files, or directories of *.json protocol files.", Arity = ArgumentArity.OneOrMore };
        var channels = new Option<string[]>("--channels") { Description = $"The channel names the host registers (default: {string.Join(", ", BuiltInChannels)}).", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON: the protocols found, or the problems (file, path, message)." };
        var validate = new Command("validate", "Check response protocol files: JSON shape, durations, roles, people, channels, messages and gates. Exits non-zero with file, JSON path and reason for every problem.")
        {
            files, channels, json,
        };
        validate.SetAction(result => Validate(result.GetValue(files)!, result.GetValue(channels), result.GetValue(json), output, error));

        var directory = InputPaths.RefuseEmpty(new Argument<string>("directory") { Description = "Where to write the sample protocols (created if absent)." }, "give a folder for the sample protocols");
        var init = new Command("init", "Write the sample response protocols (standard, serious, data breach, product safety; English and Greek) into a directory, as a starting point for your own and for a first drill.")
        {
            directory,
        };
        init.SetAction(result => Init(result.GetValue(directory)!, output));
        return new Command("protocol", "Response protocol commands.") { validate, init };
    }

    /// <summary>
    /// The protocol files at <paramref name="paths"/> (see <see cref="ProtocolFiles.Sources"/>). A path that does not
    /// exist or cannot be read, or a directory holding no protocol file, is bad input, refused before any protocol is
    /// checked: a directory that loads nothing would otherwise run with no protocol at all.
    /// </summary>
    /// <param name="paths">Files or directories.</param>
    /// <param name="prefix">What the refusal starts with, for example "--protocols: ".</param>
    internal static IReadOnlyList<ProtocolSource> Sources(IReadOnlyList<string> paths, string prefix)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                if (ProtocolFiles.Sources([path]).Count == 0)
                {
                    throw new CommandException($"{prefix}{path}: the directory holds no protocol file; protocols are read from the files named *.json (in any letter case) directly in it, not from its sub-directories.");
                }
            }
            else if (!File.Exists(path))
            {
                throw new CommandException($"{prefix}{path}: no such file or directory.");
            }
        }

        var sources = ProtocolFiles.Sources(paths);
        foreach (var source in sources)
        {
            try
            {
                source.Open().Dispose();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CommandException($"{prefix}{source.Name}: cannot be read: {ex.Message}");
            }
        }

        return sources;
    }

    private static int Init(string directory, TextWriter output)
    {
        var existing = SampleProtocols.FileNames.Select(name => Path.Combine(directory, name)).Where(File.Exists).ToList();
        if (existing.Count > 0)
        {
            throw new CommandException($"{directory}: {Path.GetFileName(existing[0])} is already there; nothing was written (choose an empty directory, or remove the files first).");
        }

        Directory.CreateDirectory(directory);
        foreach (var name in SampleProtocols.FileNames)
        {
            using var source = SampleProtocols.Open(name);
            using var target = File.Create(Path.Combine(directory, name));
            source.CopyTo(target);
        }

        output.WriteLine($"wrote {SampleProtocols.FileNames.Count} protocols to {directory}: {string.Join(", ", SampleProtocols.FileNames)}");
        output.WriteLine($"try: crisiskit protocol validate {directory}; crisiskit drill --scenario data-breach --protocols {directory} --report reports");
        return 0;
    }

    private static int Validate(string[] files, string[]? channels, bool json, TextWriter output, TextWriter error)
    {
        try
        {
            var protocols = ProtocolLoader.LoadAll(Sources(files, ""), channels is { Length: > 0 } ? channels : BuiltInChannels);
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new ProtocolValidation(true, [.. protocols.Select(p => p.Id)], []), CliJsonContext.Default.ProtocolValidation));
                return 0;
            }

            foreach (var protocol in protocols)
            {
                output.WriteLine($"ok: {protocol.Id} ({protocol.Name}): applies from {protocol.AppliesTo.MinimumSeverity}{(protocol.AppliesTo.Categories.Count > 0 ? " for " + string.Join(", ", protocol.AppliesTo.Categories) : "")}; {protocol.Escalation.Count} escalation steps, {protocol.People.Count} people, messages in {string.Join(", ", protocol.Messages.Keys)}");
            }

            return 0;
        }
        catch (ProtocolLoadException ex)
        {
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new ProtocolValidation(false, [], [.. ex.Errors]), CliJsonContext.Default.ProtocolValidation));
                return 1;
            }

            foreach (var problem in ex.Errors)
            {
                error.WriteLine($"crisiskit: {problem}");
            }

            return 1;
        }
    }
}

/// <summary>The JSON shape of <c>crisiskit protocol validate --json</c>.</summary>
internal sealed record ProtocolValidation(bool Valid, IReadOnlyList<string> Protocols, IReadOnlyList<ProtocolError> Problems);
