using System.Runtime.CompilerServices;
using CrisisKit.Ingestion;
using CrisisKit.Mentions;

namespace CrisisKit.Hosting;

/// <summary>Mentions from files: the reader for a file's format, and a read that names the file in every error.</summary>
public static class MentionFiles
{
    /// <summary>The file extensions <see cref="CreateReader"/> knows.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jsonl", ".ndjson", ".json", ".csv", ".tsv"];

    /// <summary>Creates the reader for a file by its extension: <c>.jsonl</c>/<c>.ndjson</c>/<c>.json</c> (JSON Lines), <c>.csv</c>, or <c>.tsv</c> (tab-separated).</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Reader options; defaults when <see langword="null"/>.</param>
    /// <returns>A reader for that format.</returns>
    /// <exception cref="ArgumentException">The extension is none of the above.</exception>
    public static MentionReader CreateReader(string path, MentionReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" or ".json" => new JsonLinesMentionReader(options),
            ".csv" => new CsvMentionReader(options),
            ".tsv" => new CsvMentionReader(options, new CsvColumnMapping { Delimiter = '\t' }),
            var other => throw new ArgumentException($"Cannot tell the format of '{path}' from its extension '{other}'; expected {string.Join(", ", Extensions)}.", nameof(path)),
        };
    }

    /// <summary>Reads the mentions in the file at <paramref name="path"/> with <paramref name="reader"/>, as they arrive; errors name the file.</summary>
    /// <param name="reader">The reader (see <see cref="CreateReader"/>); its statistics describe this read afterwards.</param>
    /// <param name="path">The file's path.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The mentions, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist (thrown when enumeration starts).</exception>
    /// <exception cref="MalformedMentionException">A record is malformed and the reader is set to <see cref="MalformedInputHandling.FailFast"/>.</exception>
    public static IAsyncEnumerable<Mention> ReadAsync(MentionReader reader, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Read(reader, path, cancellationToken);
    }

    private static async IAsyncEnumerable<Mention> Read(MentionReader reader, string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var mention in reader.ReadAsync(stream, path, cancellationToken).ConfigureAwait(false))
            {
                yield return mention;
            }
        }
    }
}
