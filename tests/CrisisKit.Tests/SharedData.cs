using CrisisKit.Testing;

namespace CrisisKit.Tests;

/// <summary>Finds the labelled data in <c>../shared/data</c> next to the repository root.</summary>
internal static class SharedData
{
    public static string? Find(string relative)
    {
        if (RepositoryPaths.Root is not { } root)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", relative));
        return File.Exists(path) ? path : null;
    }

    /// <summary>The path of a data file, or a skip (with the reason shown in the test results) when it is absent.</summary>
    public static string Require(string relative) =>
        Find(relative) ?? throw new SkipException($"../shared/data/{relative} is not present next to the repository; this quality check needs it.");
}
