namespace CrisisKit.Ingestion;

/// <summary>Settings shared by the mention readers.</summary>
public sealed class MentionReaderOptions
{
    /// <summary>What to do with a record that cannot be read. Default: <see cref="MalformedInputHandling.SkipAndReport"/>.</summary>
    public MalformedInputHandling MalformedInput { get; set; } = MalformedInputHandling.SkipAndReport;

    /// <summary>
    /// Called for every malformed record, as it is found, before it is skipped (or before
    /// <see cref="MalformedMentionException"/> is thrown). Optional.
    /// </summary>
    public Action<MentionReadError>? OnError { get; set; }

    /// <summary>
    /// The longest record accepted: UTF-8 bytes of one JSON line, or characters of one CSV record. A longer record is
    /// reported as malformed and skipped without being held in memory. Default 1 MiB; at least 1 KiB.
    /// </summary>
    public int MaxRecordLength { get; set; } = 1 << 20;

    /// <summary>How many malformed records <see cref="MentionReadStatistics.Errors"/> keeps (all are counted). Default 1000.</summary>
    public int MaxKeptErrors { get; set; } = 1000;

    /// <summary>The platform given to records that name none; <see langword="null"/> (the default) makes a missing platform an error.</summary>
    public string? DefaultPlatform { get; set; }

    internal void Validate()
    {
        if (MaxRecordLength < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRecordLength), MaxRecordLength, "MentionReaderOptions.MaxRecordLength must be at least 1024.");
        }

        if (MaxKeptErrors < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxKeptErrors), MaxKeptErrors, "MentionReaderOptions.MaxKeptErrors must be zero or more.");
        }

        if (!Enum.IsDefined(MalformedInput))
        {
            throw new ArgumentOutOfRangeException(nameof(MalformedInput), MalformedInput, "MentionReaderOptions.MalformedInput is not a MalformedInputHandling value.");
        }

        if (DefaultPlatform is not null && string.IsNullOrWhiteSpace(DefaultPlatform))
        {
            throw new ArgumentException("MentionReaderOptions.DefaultPlatform must be null or a platform name.", nameof(DefaultPlatform));
        }
    }
}
