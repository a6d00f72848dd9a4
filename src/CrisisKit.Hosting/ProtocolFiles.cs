using CrisisKit.Protocols;

namespace CrisisKit.Hosting;

/// <summary>Response protocols from files and folders.</summary>
public static class ProtocolFiles
{
    /// <summary>A folder's protocol files: <c>*.json</c> in any letter case, as mention files' extensions are read; hidden files too; no sub-folders.</summary>
    private static readonly EnumerationOptions FolderFiles = new() { MatchCasing = MatchCasing.CaseInsensitive, AttributesToSkip = 0 };

    /// <summary>
    /// The protocol documents at <paramref name="paths"/>: each file as it is, each folder as its <c>*.json</c> files
    /// (the extension in any letter case, sub-folders not searched) in name order. A file reached twice (named twice,
    /// or named and in a named folder) is read once. A path that does not exist becomes a source that reports "no such
    /// file or directory" when loaded, so every problem is listed together.
    /// </summary>
    /// <param name="paths">Files or folders.</param>
    /// <returns>One source per file, named by its path as first reached.</returns>
    public static IReadOnlyList<ProtocolSource> Sources(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sources = new List<ProtocolSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            ArgumentNullException.ThrowIfNull(path, nameof(paths));
            var files = Directory.Exists(path) ? [.. Directory.GetFiles(path, "*.json", FolderFiles).Order(StringComparer.Ordinal)] : new[] { path };
            sources.AddRange(files.Where(file => seen.Add(Path.GetFullPath(file))).Select(file => new ProtocolSource(file, () => File.OpenRead(file))));
        }

        return sources;
    }

    /// <summary>Reads and checks the protocols at <paramref name="paths"/> (see <see cref="Sources"/>).</summary>
    /// <param name="paths">Files or folders.</param>
    /// <param name="knownChannels">The channel names that exist in the host; <see langword="null"/> to skip that check.</param>
    /// <returns>The protocols.</returns>
    /// <exception cref="ProtocolLoadException">Any file is missing, malformed or invalid; the exception lists every problem found.</exception>
    public static IReadOnlyList<ResponseProtocol> LoadAll(IEnumerable<string> paths, IReadOnlyCollection<string>? knownChannels = null) =>
        ProtocolLoader.LoadAll(Sources(paths), knownChannels);
}
