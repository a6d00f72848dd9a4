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

    /// <summary>Reads the mentions in <paramref name="stream"/>, as they arrive; errors name <paramref name="sourceName"/> (a file's path, say).</summary>
    /// <param name="stream">A readable stream, read to its end and not closed.</param>
    /// <param name="sourceName">The name errors give the input (a file's path, say); default <c>input</c>.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The mentions, in input order.</returns>
    /// <exception cref="MalformedMentionException">A record is malformed and the reader is set to <see cref="MalformedInputHandling.FailFast"/> (thrown during enumeration).</exception>
    /// <exception cref="InvalidDataException">The input as a whole cannot be read (for example, a CSV header lacks a required column).</exception>
    public IAsyncEnumerable<Mention> ReadAsync(Stream stream, string sourceName = "input", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        return Start(stream, sourceName, cancellationToken);
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
