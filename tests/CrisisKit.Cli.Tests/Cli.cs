using CrisisKit.Cli;

namespace CrisisKit.Cli.Tests;

/// <summary>Runs the command tree in process.</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CrisisKitCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
