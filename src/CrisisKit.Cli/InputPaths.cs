using System.CommandLine;
using System.CommandLine.Parsing;

namespace CrisisKit.Cli;

/// <summary>Checks that an option's file or folder is there and is what the option takes, with one message for each way it is not.</summary>
internal static class InputPaths
{
    /// <summary>Refuses a file option whose path does not exist or is a folder.</summary>
    public static void RequireFile(FileInfo file, string option)
    {
        if (Directory.Exists(file.FullName))
        {
            throw new CommandException($"{option}: '{file.FullName}' is a folder; give a file.");
        }

        if (!file.Exists)
        {
            throw new CommandException($"{option}: the file '{file.FullName}' does not exist.");
        }
    }

    /// <summary>Refuses a folder option whose path does not exist or is a file.</summary>
    public static void RequireFolder(DirectoryInfo folder, string option)
    {
        if (File.Exists(folder.FullName))
        {
            throw new CommandException($"{option}: '{folder.FullName}' is a file; give a folder.");
        }

        if (!folder.Exists)
        {
            throw new CommandException($"{option}: the directory '{folder.FullName}' does not exist.");
        }
    }

    /// <summary>Refuses, as a parse error, an empty or blank value for a text option that names a path, a store or an id.</summary>
    /// <returns><paramref name="option"/>, for use where it is declared.</returns>
    public static Option<T> RefuseEmpty<T>(Option<T> option, string remedy)
    {
        option.Validators.Add(result => RefuseBlank(result, option.Name, remedy));
        return option;
    }

    /// <summary>
    /// Refuses, as parse errors, an empty value and an existing file for an option naming a folder to write into (created
    /// if absent), so a run does not end, after all its work, on the folder it cannot write.
    /// </summary>
    /// <returns><paramref name="option"/>, for use where it is declared.</returns>
    public static Option<T> OutputFolder<T>(Option<T> option, string what)
    {
        RefuseEmpty(option, $"give a folder for {what}");
        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && !string.IsNullOrWhiteSpace(token.Value) && File.Exists(token.Value))
            {
                result.AddError($"{option.Name}: '{Path.GetFullPath(token.Value)}' is a file; give a folder for {what} (it is created if absent).");
            }
        });
        return option;
    }

    /// <summary>Refuses, as a parse error, an empty or blank value for an argument that names a path.</summary>
    /// <returns><paramref name="argument"/>, for use where it is declared.</returns>
    public static Argument<T> RefuseEmpty<T>(Argument<T> argument, string remedy)
    {
        argument.Validators.Add(result => RefuseBlank(result, argument.Name, remedy));
        return argument;
    }

    private static void RefuseBlank(SymbolResult result, string name, string remedy)
    {
        if (result.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
        {
            result.AddError($"{name}: the value is empty; {remedy}.");
        }
    }
}
