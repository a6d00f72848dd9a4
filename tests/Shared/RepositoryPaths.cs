namespace CrisisKit.Tests;

/// <summary>Finds files of this repository, and the labelled data in <c>../shared/data</c> beside it, from a test's output folder. Linked into every test project.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root (the folder of <c>CrisisKit.sln</c>), or <see langword="null"/> when the tests run elsewhere.</summary>
    public static string? Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CrisisKit.sln")))
                {
                    return dir.FullName;
                }
            }

            return null;
        }
    }

    /// <summary>The path of a file of this repository, by its path from the repository root.</summary>
    public static string Get(string relative) =>
        Path.Combine(Root ?? throw new InvalidOperationException("The repository root (the folder of CrisisKit.sln) was not found."), relative);

    /// <summary>The sample response protocols.</summary>
    public static string SampleProtocols => Get(Path.Combine("samples", "protocols"));
}
