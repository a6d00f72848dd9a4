using System.Runtime.CompilerServices;
using CrisisKit.Ingestion;
using CrisisKit.Mentions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrisisKit.Hosting;

/// <summary>
/// Mentions from a file (<c>.jsonl</c>/<c>.ndjson</c>/<c>.json</c>, <c>.csv</c> or <c>.tsv</c>, by extension; see
/// <see cref="MentionFiles"/>), read once from start to end. Malformed records follow the library's rule: each is
/// logged with its line and reason and counted in <see cref="Statistics"/>, and the read goes on.
/// </summary>
public sealed partial class FileMentionSource : IMentionSource
{
    private readonly MentionReader _reader;
    private readonly ILogger _logger;

    /// <summary>Creates the source.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Reader options (copied; a callback of its own in <see cref="MentionReaderOptions.OnError"/> is still called); defaults when <see langword="null"/>.</param>
    /// <param name="logger">Where malformed records are logged.</param>
    /// <exception cref="ArgumentException">The extension is not one of <see cref="MentionFiles.Extensions"/>.</exception>
    public FileMentionSource(string path, MentionReaderOptions? options = null, ILogger<FileMentionSource>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _logger = logger ?? NullLogger<FileMentionSource>.Instance;
        var given = options ?? new MentionReaderOptions();
        var own = given.OnError;
        var copy = new MentionReaderOptions
        {
            MalformedInput = given.MalformedInput,
            MaxRecordLength = given.MaxRecordLength,
            MaxKeptErrors = given.MaxKeptErrors,
            DefaultPlatform = given.DefaultPlatform,
            MaxFutureSkew = given.MaxFutureSkew,
            EarliestTimestamp = given.EarliestTimestamp,
            TimeProvider = given.TimeProvider,
            OnError = error =>
            {
                LogMalformed(_logger, error.Source, error.LineNumber, error.Reason);
                own?.Invoke(error);
            },
        };
        _reader = MentionFiles.CreateReader(path, copy);
        Path = path;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Name => Path;

    /// <summary>What the read has found so far: mentions, malformed records and their first reasons.</summary>
    public MentionReadStatistics Statistics => _reader.Statistics;

    /// <inheritdoc />
    public IAsyncEnumerable<Mention> ReadAsync(CancellationToken cancellationToken) => Read(cancellationToken);

    private async IAsyncEnumerable<Mention> Read([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var mention in MentionFiles.ReadAsync(_reader, Path, cancellationToken).ConfigureAwait(false))
        {
            yield return mention;
        }

        var statistics = _reader.Statistics;
        LogRead(_logger, Path, statistics.Mentions, statistics.Malformed);
    }

    [LoggerMessage(EventId = 5101, EventName = "MentionRecordMalformed", Level = LogLevel.Warning, Message = "{Source}:{Line}: record not used: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string source, long line, string reason);

    [LoggerMessage(EventId = 5102, EventName = "MentionFileRead", Level = LogLevel.Information, Message = "Read {Path}: {Mentions} mentions, {Malformed} malformed records not used.")]
    private static partial void LogRead(ILogger logger, string path, long mentions, long malformed);
}
