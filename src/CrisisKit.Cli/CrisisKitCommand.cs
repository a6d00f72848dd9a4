using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CrisisKit.Cli;

/// <summary>The <c>crisiskit</c> command tree.</summary>
internal static class CrisisKitCommand
{
    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        // Named here, not after the executable: installed as a tool or run from a test, help says "crisiskit".
        var root = new Command("crisiskit", "CrisisKit: social-media crisis management. Evaluate sentiment analyzers and crisis detectors on labelled data, check response protocols, run drills and replays, render post-incident reports, measure capacity.")
        {
            new HelpOption(),
            new VersionOption(),
            SentimentCommands.Create(output),
            NabCommands.Create(output, error),
            ProtocolCommands.Create(output, error),
            BenchCommands.Create(output, error),
            ResponseCommands.Drill(output, error, input ?? Console.In),
            ResponseCommands.Replay(output, error, input ?? Console.In),
            ResponseCommands.Report(output, error),
            SimulateCommand.Create(output),
        };

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
            {
                error.WriteLine($"crisiskit: {(parsed.CommandResult.Command.Subcommands.Count > 0 ? NoSuchCommand(parsed) : Describe(parsed.Errors[0]))}");
                return 2;
            }

            return parsed.Invoke(configuration);
        }
        catch (CommandException ex)
        {
            error.WriteLine($"crisiskit: {OneLine(ex.Message)}");
            return 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"crisiskit: {OneLine(ex.Message)}");
            return 2;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never a stack trace: a failure nobody foresaw is still one line, and says it is a fault in crisiskit.
            error.WriteLine($"crisiskit: unexpected failure: {OneLine(ex.Message)} (this is a bug in crisiskit; please report it with the command you ran)");
            return 1;
        }
    }

    /// <summary>
    /// A parse error as the user can act on it: an empty path given to a file or folder option is said so, instead of
    /// as a failure to convert to a .NET type the user never wrote.
    /// </summary>
    private static string Describe(ParseError parseError)
    {
        var option = parseError.SymbolResult switch
        {
            OptionResult result => result,
            ArgumentResult { Parent: OptionResult result } => result,
            _ => null,
        };
        var type = option?.Option.ValueType;
        if (option is not null && (type == typeof(FileInfo) || type == typeof(DirectoryInfo)) && option.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
        {
            return $"{option.Option.Name}: the path is empty; give a {(type == typeof(FileInfo) ? "file" : "folder")}.";
        }

        return parseError.Message;
    }

    /// <summary>
    /// A parse that stopped at a command which needs one of its subcommands (<c>crisiskit</c> itself, or
    /// <c>crisiskit protocol</c>), given none or a word that is none of them: says which, and lists the commands there
    /// are, instead of System.CommandLine's "Required command was not provided." for both.
    /// </summary>
    private static string NoSuchCommand(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var path = command.Name;
        for (var parent = parsed.CommandResult.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            path = $"{parent.Command.Name} {path}";
        }

        // "protocol command" below crisiskit; plain "command" at the top.
        var kind = parsed.CommandResult.Parent is null ? "command" : $"{command.Name} command";
        var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var list = names.Count > 1 ? string.Join(", ", names.SkipLast(1)) + " and " + names[^1] : string.Join(string.Empty, names);
        var given = parsed.UnmatchedTokens.Count > 0 ? parsed.UnmatchedTokens[0] : null;
        var what = given is null ? $"no {kind} given"
            : given.StartsWith('-') ? $"'{given}' is not an option of {path}; give a {kind}"
            : $"'{given}' is not a {kind}";
        return names.Count == 1 ? $"{what}; the only {kind} is {list} ({path} --help describes it)." : $"{what}; the {kind}s are {list} ({path} --help describes each).";
    }

    /// <summary>The first three of <paramref name="items"/>, comma-separated, and how many more there are: "a, b, c and 4 more".</summary>
    internal static string FirstFew(List<string> items) =>
        string.Join(", ", items.Take(3)) + (items.Count > 3 ? string.Create(CultureInfo.InvariantCulture, $" and {items.Count - 3:N0} more") : string.Empty);

    /// <summary>A message on one line, however many the exception had.</summary>
    internal static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>A failure to report on one line, with a non-zero exit code.</summary>
internal sealed class CommandException(string message) : Exception(message)
{
    /// <summary>A refused argument, reported without the " (Parameter 'name')" that names a .NET parameter the user never wrote.</summary>
    public static CommandException From(ArgumentException refused, string prefix = "")
    {
        var message = refused.Message;
        var parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return new CommandException(prefix + (parameter > 0 ? message[..parameter] : message));
    }
}
