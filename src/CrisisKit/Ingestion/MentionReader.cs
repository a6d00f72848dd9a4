using System.Runtime.CompilerServices;
using CrisisKit.Mentions;

namespace CrisisKit.Ingestion;

/// <summary>
/// Reads mentions from a stream as they arrive (<see cref="IAsyncEnumerable{T}"/>), in constant memory however
/// large the input. Records that cannot be read are never silently dropped: each is reported with its line
/// number and reason and counted in <see cref="Statistics"/>, and <see cref="MentionReaderOptions.MalformedInput"/>
/// chooses whether the read goes on or stops.
/// </summary>
/// <remarks>
/// Timestamps are returned in UTC; a timestamp without an offset is taken to be UTC. Platform names and language
/// codes are lower-cased. A reader runs one read at a time; it is not safe to enumerate two reads at once.
/// </remarks>
public abstract class MentionReader
{
    private MentionReadStatistics _statistics;

    private protected MentionReader(MentionReaderOptions? options)
    {
        Options = options ?? new MentionReaderOptions();
        Options.Validate();
        _statistics = new MentionReadStatistics(Options.MaxKeptErrors);
    }

    /// <summary>The options this reader was created with.</summary>
    public MentionReaderOptions Options { get; }

    /// <summary>The counts and errors of the read most recently started (empty before the first).</summary>
    public MentionReadStatistics Statistics => _statistics;

    /// <summary>Creates the reader for a file by its extension: <c>.jsonl</c>/<c>.ndjson</c>/<c>.json</c> (JSON Lines), <c>.csv</c>, or <c>.tsv</c> (tab-separated).</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Reader options; defaults when <see langword="null"/>.</param>
    /// <returns>A reader for that format.</returns>
    /// <exception cref="ArgumentException">The extension is none of the above.</exception>
    public static MentionReader ForFile(string path, MentionReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" or ".json" => new JsonLinesMentionReader(options),
            ".csv" => new CsvMentionReader(options),
            ".tsv" => new CsvMentionReader(options, new CsvColumnMapping { Delimiter = '\t' }),
            var other => throw new ArgumentException($"Cannot tell the format of '{path}' from its extension '{other}'; expected .jsonl, .ndjson, .json, .csv or .tsv.", nameof(path)),
        };
    }

    /// <summary>Reads the mentions in <paramref name="stream"/>, as they arrive.</summary>
    /// <param name="stream">A readable stream, read to its end and not closed.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The mentions, in input order.</returns>
    /// <exception cref="MalformedMentionException">A record is malformed and the reader is set to <see cref="MalformedInputHandling.FailFast"/> (thrown during enumeration).</exception>
    /// <exception cref="InvalidDataException">The input as a whole cannot be read (for example, a CSV header lacks a required column).</exception>
    public IAsyncEnumerable<Mention> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        return Start(stream, Options.SourceName, cancellationToken);
    }

    /// <summary>Reads the mentions in the file at <paramref name="path"/>, as they arrive; errors name the file.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The mentions, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist (thrown when enumeration starts).</exception>
    /// <exception cref="MalformedMentionException">A record is malformed and the reader is set to <see cref="MalformedInputHandling.FailFast"/>.</exception>
    public IAsyncEnumerable<Mention> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return ReadFile(path, cancellationToken);
    }

    private async IAsyncEnumerable<Mention> ReadFile(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var mention in Start(stream, path, cancellationToken).ConfigureAwait(false))
            {
                yield return mention;
            }
        }
    }

    private IAsyncEnumerable<Mention> Start(Stream stream, string source, CancellationToken cancellationToken)
    {
        _statistics = new MentionReadStatistics(Options.MaxKeptErrors);
        return ReadCoreAsync(stream, source, _statistics, cancellationToken);
    }

    private protected abstract IAsyncEnumerable<Mention> ReadCoreAsync(Stream stream, string source, MentionReadStatistics statistics, CancellationToken cancellationToken);

    /// <summary>Reports a malformed record: counts it, tells <see cref="MentionReaderOptions.OnError"/>, and throws when failing fast.</summary>
    private protected void ReportMalformed(MentionReadStatistics statistics, string source, long lineNumber, string reason, ReadOnlySpan<char> record)
    {
        var excerpt = record.Length > 200 ? string.Concat(record[..200], "…") : record.ToString();
        var error = new MentionReadError(source, lineNumber, reason, excerpt);
        statistics.CountMalformed(error);
        Options.OnError?.Invoke(error);
        if (Options.MalformedInput == MalformedInputHandling.FailFast)
        {
            throw new MalformedMentionException(error);
        }
    }
}
