namespace CrisisKit.Hosting;

/// <summary>
/// Keeps the detection snapshot in one file (the format of docs/snapshots.md). A save writes a temporary file beside
/// it, flushes it to disk and renames it over the old one, so a crash mid-save leaves the previous snapshot whole.
/// </summary>
public sealed class FileSnapshotStore : ISnapshotStore
{
    /// <summary>Creates the store.</summary>
    /// <param name="path">The snapshot file's path; its folder is created when missing.</param>
    public FileSnapshotStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The snapshot file's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task SaveAsync(ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken)
    {
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = Path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(snapshot, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    /// <inheritdoc />
    public async Task<byte[]?> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
