namespace CrisisKit.Ingestion;

/// <summary>What a <see cref="MentionReader"/> does with a record it cannot turn into a mention.</summary>
public enum MalformedInputHandling
{
    /// <summary>
    /// Report the record (line number and reason) through <see cref="MentionReaderOptions.OnError"/> and
    /// <see cref="MentionReadStatistics"/>, count it, and go on with the next record. The default.
    /// </summary>
    SkipAndReport = 0,

    /// <summary>Stop the read by throwing <see cref="MalformedMentionException"/> at the first malformed record.</summary>
    FailFast = 1,
}
