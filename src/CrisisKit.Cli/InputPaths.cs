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
}
