using CrisisKit.Mentions;

namespace CrisisKit.Hosting;

/// <summary>Monitored subjects from a subjects file (a JSON array; see <see cref="SubjectLoader"/>).</summary>
public static class SubjectFiles
{
    /// <summary>Reads and checks the subjects in the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file's path; errors name it.</param>
    /// <returns>The subjects, in file order; at least one.</returns>
    /// <exception cref="SubjectLoadException">The file is missing, unreadable, not JSON, or any subject is malformed or invalid; the exception lists every problem.</exception>
    public static IReadOnlyList<MonitoredSubject> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SubjectLoadException([new SubjectFileError(path, "$", "no such file or directory.")]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SubjectLoadException([new SubjectFileError(path, "$", $"cannot be read: {ex.Message}")]);
        }

        using (stream)
        {
            return SubjectLoader.Load(stream, path);
        }
    }
}
