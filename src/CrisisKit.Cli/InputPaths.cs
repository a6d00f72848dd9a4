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

    /// <summary>The most symbolic links <see cref="Resolve"/> follows in one path: Linux's own limit (<c>MAXSYMLINKS</c>).</summary>
    private const int MaxLinks = 40;

    /// <summary>
    /// Whether <paramref name="path"/> is <paramref name="folder"/> or lies inside it once symbolic links are followed
    /// (see <see cref="Resolve"/>), so an output given through a link into an input folder, or an output file that is a
    /// link to an input file, is still found to be that input. Letter case counts on Linux only.
    /// </summary>
    /// <remarks>
    /// Hard links cannot be detected: two names of one file are two paths with nothing in either to say the file has
    /// another, so an output that is a hard link to an input file is not found. Nor is a link made between this check
    /// and the write.
    /// </remarks>
    /// <param name="path">The path to be written, absolute or relative to the working directory.</param>
    /// <param name="folder">The input, a folder or a file (a file has nothing inside it, so only the path itself is).</param>
    public static bool IsAtOrInside(string path, string folder)
    {
        var (resolved, input) = (Resolve(path), Resolve(folder));
        return string.Equals(resolved, input, PathCase)
            || resolved.StartsWith(Path.EndsInDirectorySeparator(input) ? input : input + Path.DirectorySeparatorChar, PathCase);
    }

    /// <summary>Whether two paths reach the same file or folder once symbolic links are followed (see <see cref="IsAtOrInside"/>).</summary>
    public static bool IsSame(string path, string other) => string.Equals(Resolve(path), Resolve(other), PathCase);

    /// <summary>
    /// Says where <paramref name="path"/> leads when a symbolic link takes it elsewhere (<c> through a symbolic link
    /// ('/where/it/leads')</c>), else nothing, for a refusal that would otherwise name a path that looks harmless.
    /// </summary>
    public static string ThroughLink(string path) =>
        Resolve(path) is var resolved && resolved != Path.TrimEndingDirectorySeparator(path) ? $" through a symbolic link ('{resolved}')" : string.Empty;

    /// <summary>How paths compare: letter case counts on Linux only.</summary>
    private static StringComparison PathCase => OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>
    /// The path the file system reaches for <paramref name="path"/>: made absolute as .NET does (which drops <c>.</c>
    /// and <c>..</c> by name), then read one component at a time from the root, each existing component that is a
    /// symbolic link (or a Windows junction) replaced by its target, read the same way, and a <c>..</c> in a target taken
    /// as the parent of what the path has reached so far, as the file system takes it. Components that do not exist are
    /// kept as written. After <see cref="MaxLinks"/> links the rest is kept as written: the file system refuses such a
    /// path anyway.
    /// </summary>
    /// <returns>An absolute path without a trailing separator (but for a root).</returns>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var resolved = Path.GetPathRoot(full)!;
        var pending = new Stack<string>(Components(full[resolved.Length..]));
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? resolved;
                continue;
            }

            var next = Path.Combine(resolved, part);
            if (links == MaxLinks || LinkTarget(next) is not { } target)
            {
                resolved = next;
                continue;
            }

            links++;
            if (Path.IsPathRooted(target))
            {
                // "/x"; on Windows also "C:\x", "\\server\share\x" or "\x" (the root of the drive reached so far).
                var root = Path.GetPathRoot(target)!;
                resolved = Path.GetFullPath(root, resolved);
                target = target[root.Length..];
            }

            foreach (var component in Components(target))
            {
                pending.Push(component);
            }
        }

        return Path.TrimEndingDirectorySeparator(resolved);
    }

    /// <summary>The components of a relative path in reverse order, ready to be pushed so the first comes off first; <c>.</c> and empty ones are dropped.</summary>
    private static IEnumerable<string> Components(string relative) =>
        relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]).Where(c => c is not ("" or ".")).Reverse();

    /// <summary>The target of the link at <paramref name="path"/>, or <see langword="null"/> when it is not a link, does not exist or cannot be read.</summary>
    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
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
