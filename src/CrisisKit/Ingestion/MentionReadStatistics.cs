namespace CrisisKit.Ingestion;

/// <summary>
/// What a <see cref="MentionReader"/> has read so far: records seen, mentions returned, records found malformed
/// (with the first <see cref="MentionReaderOptions.MaxKeptErrors"/> errors kept), blank lines and bytes.
/// Updated as the read goes on; read it from the same thread as the enumeration.
/// </summary>
public sealed class MentionReadStatistics
{
    private readonly List<MentionReadError> _errors = [];
    private readonly int _maxKeptErrors;

    internal MentionReadStatistics(int maxKeptErrors) => _maxKeptErrors = maxKeptErrors;

    /// <summary>Records seen (mentions returned plus malformed records); blank lines are not records.</summary>
    public long Records => Mentions + Malformed;

    /// <summary>Mentions returned.</summary>
    public long Mentions { get; private set; }

    /// <summary>Records that could not be read. Every one is counted here, even past <see cref="MentionReaderOptions.MaxKeptErrors"/>.</summary>
    public long Malformed { get; private set; }

    /// <summary>Blank lines skipped.</summary>
    public long BlankLines { get; private set; }

    /// <summary>Bytes (JSON Lines) or characters (CSV) consumed.</summary>
    public long Consumed { get; internal set; }

    /// <summary>The first <see cref="MentionReaderOptions.MaxKeptErrors"/> malformed records, in reading order.</summary>
    public IReadOnlyList<MentionReadError> Errors => _errors;

    /// <summary>The 1-based line on which the mention returned last starts (0 before the first); read it as each mention arrives, to name the line of a mention that is not used later on.</summary>
    internal long LastMentionLine { get; private set; }

    internal void CountMention(long lineNumber)
    {
        Mentions++;
        LastMentionLine = lineNumber;
    }

    internal void CountBlankLine() => BlankLines++;

    internal void CountMalformed(MentionReadError error)
    {
        Malformed++;
        if (_errors.Count < _maxKeptErrors)
        {
            _errors.Add(error);
        }
    }
}
