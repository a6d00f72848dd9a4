
namespace CrisisKit.Tests;

/// <summary>
/// Finds the labelled data in <c>../shared/data</c> next to the repository root. Where it is absent a test that needs
/// it is skipped with the reason shown, except when <c>CRISISKIT_REQUIRE_DATA</c> is set (as <c>.ci/run</c> does):
/// then the test fails, so a run that lost the data cannot pass by skipping. Linked into every test project.
/// </summary>
internal static class SharedData
{
    private static readonly bool Required = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CRISISKIT_REQUIRE_DATA"));

    /// <summary>The full path of <c>../shared/data/<paramref name="relative"/></c>, or <see langword="null"/> when it is absent.</summary>
    public static string? Find(string relative)
    {
        if (RepositoryPaths.Root is not { } root)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", relative));
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }

    /// <summary>The path of a data file or folder, or a skip (with the reason shown in the test results) when it is absent.</summary>
    public static string Require(string relative)
    {
        if (Find(relative) is { } path)
        {
            return path;
        }

        var reason = $"../shared/data/{relative} is not present next to the repository; this quality check needs it.";
        if (Required)
        {
            throw new InvalidOperationException(reason + " CRISISKIT_REQUIRE_DATA is set, so its absence is a failure.");
        }

        throw new SkipException(reason);
    }
}
