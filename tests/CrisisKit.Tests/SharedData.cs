namespace CrisisKit.Tests;

/// <summary>Finds the labelled data in <c>../shared/data</c> next to the repository root.</summary>
internal static class SharedData
{
    public static string? Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrisisKit.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", relative));
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }

    /// <summary>The path of a file of this repository, by its path from the repository root.</summary>
    public static string Repository(string relative)
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

    /// <summary>The path of a data file, or a skip (with the reason shown in the test results) when it is absent.</summary>
    public static string Require(string relative) =>
        Find(relative) ?? throw new SkipException($"../shared/data/{relative} is not present next to the repository; this quality check needs it.");
}
