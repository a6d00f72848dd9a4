using CrisisKit.Cli;

namespace CrisisKit.Cli.Tests;

/// <summary>Runs the command tree in process and finds files of the repository.</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CrisisKitCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public static string RepositoryPath(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrisisKit.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("The repository root (the folder of CrisisKit.sln) was not found.");
    }
}
