namespace CrisisKit.Ingestion;

/// <summary>Settings shared by the mention readers.</summary>
public sealed class MentionReaderOptions
{
    /// <summary>
    /// The default <see cref="MaxRecordLength"/>: 1 MiB (1,048,576), UTF-8 bytes of a JSON line or characters of a CSV
    /// record. Other CrisisKit readers of line-based files (labelled sentiment files) use it as their line limit too.
    /// </summary>
    public const int DefaultMaxRecordLength = 1 << 20;

    /// <summary>What to do with a record that cannot be read. Default: <see cref="MalformedInputHandling.SkipAndReport"/>.</summary>
    public MalformedInputHandling MalformedInput { get; set; } = MalformedInputHandling.SkipAndReport;

    /// <summary>
    /// Called for every malformed record, as it is found, before it is skipped (or before
    /// <see cref="MalformedMentionException"/> is thrown). Optional.
    /// </summary>
    public Action<MentionReadError>? OnError { get; set; }

    /// <summary>
    /// The longest record accepted: UTF-8 bytes of one JSON line, or characters of one CSV record. A longer record is
    /// reported as malformed and skipped without being held in memory. Default <see cref="DefaultMaxRecordLength"/> (1 MiB);
    /// at least 1 KiB.
    /// </summary>
    public int MaxRecordLength { get; set; } = DefaultMaxRecordLength;

    /// <summary>How many malformed records <see cref="MentionReadStatistics.Errors"/> keeps (all are counted). Default 1000.</summary>
    public int MaxKeptErrors { get; set; } = 1000;

    /// <summary>The platform given to records that name none; <see langword="null"/> (the default) makes a missing platform an error.</summary>
    public string? DefaultPlatform { get; set; }

    /// <summary>
    /// How far a record's timestamp may be ahead of <see cref="TimeProvider"/>'s current time; a record dated further
    /// ahead is malformed (reported, counted and skipped like any other), so one mention dated years ahead cannot move
    /// a monitor's watermark. Default 15 minutes (clocks that are a little fast); from zero to one day.
    /// </summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The earliest record timestamp accepted; an earlier one is malformed. Default 2000-01-01 UTC; at least the Unix epoch (1970-01-01).</summary>
    public DateTimeOffset EarliestTimestamp { get; set; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The clock <see cref="MaxFutureSkew"/> is measured against. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (MaxFutureSkew < TimeSpan.Zero || MaxFutureSkew > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFutureSkew), MaxFutureSkew, "MentionReaderOptions.MaxFutureSkew must be between 00:00:00 and 1.00:00:00.");
        }

        if (EarliestTimestamp < DateTimeOffset.UnixEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(EarliestTimestamp), EarliestTimestamp, "MentionReaderOptions.EarliestTimestamp must be 1970-01-01T00:00:00Z or later.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentException("MentionReaderOptions.TimeProvider must not be null.", nameof(TimeProvider));
        }

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
