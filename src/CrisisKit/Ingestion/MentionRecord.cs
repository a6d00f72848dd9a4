using System.Collections.Frozen;
using System.Globalization;
using CrisisKit.Mentions;

namespace CrisisKit.Ingestion;

/// <summary>
/// The fields of one record as a reader finds them, checked and turned into a <see cref="Mention"/> in one place
/// so every format applies the same rules. Reused from record to record.
/// </summary>
internal sealed class MentionRecord
{
    private static readonly FrozenDictionary<string, string> Interned = Platforms.Known
        .Concat(["en", "el", "de", "fr", "es", "it", "pt", "nl", "tr", "ar", "ja", "ko", "zh", "ru", "und"])
        .Distinct()
        .ToFrozenDictionary(s => s, s => s, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> InternedLookup =
        Interned.GetAlternateLookup<ReadOnlySpan<char>>();

    public string? Id;
    public string? Platform;
    public string? Text;
    public DateTimeOffset? Timestamp;
    public string? Language;
    public string? Handle;
    public string? DisplayName;
    public long Followers;
    public bool Verified;
    public long Likes;
    public long Shares;
    public long Replies;
    public long Views;
    public string? InReplyToId;
    public string? QuotedId;
    public string? Url;

    public void Reset()
    {
        Id = Platform = Text = Language = Handle = DisplayName = InReplyToId = QuotedId = Url = null;
        Timestamp = null;
        Followers = Likes = Shares = Replies = Views = 0;
        Verified = false;
    }

    /// <summary>Builds the mention, or returns why it cannot be built.</summary>
    public Mention? Build(MentionReaderOptions options, out string? reason)
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            reason = "missing required field 'id'";
            return null;
        }

        var platform = Platform ?? options.DefaultPlatform;
        if (string.IsNullOrWhiteSpace(platform))
        {
            reason = "missing required field 'platform' (or set MentionReaderOptions.DefaultPlatform)";
            return null;
        }

        if (Timestamp is null)
        {
            reason = "missing required field 'timestamp'";
            return null;
        }

        if (string.IsNullOrWhiteSpace(Handle))
        {
            reason = "missing required field 'author handle'";
            return null;
        }

        // Identifiers are one line: a line break in one means a quote went astray and swallowed the lines after it.
        foreach (var (name, value) in new[] { ("id", Id), ("platform", platform), ("author handle", Handle), ("language", Language), ("inReplyToId", InReplyToId), ("quotedId", QuotedId), ("url", Url) })
        {
            if (value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                reason = $"'{name}' holds a line break";
                return null;
            }
        }

        if (Timestamp.Value < options.EarliestTimestamp)
        {
            reason = $"'timestamp' {MentionTime.Format(Timestamp.Value)} is before the earliest accepted time {MentionTime.Format(options.EarliestTimestamp)} (MentionReaderOptions.EarliestTimestamp)";
            return null;
        }

        var now = options.TimeProvider.GetUtcNow();
        if (Timestamp.Value > MentionTime.Latest(now, options.MaxFutureSkew))
        {
            reason = $"'timestamp' {MentionTime.Format(Timestamp.Value)} is more than {MentionTime.Format(options.MaxFutureSkew)} ahead of the current time {MentionTime.Format(now)} (MentionReaderOptions.MaxFutureSkew)";
            return null;
        }

        reason = null;
        return new Mention
        {
            Id = Id,
            Platform = platform,
            Text = Text ?? string.Empty,
            Timestamp = Timestamp.Value,
            Language = Language,
            Author = new MentionAuthor(Handle[0] == '@' ? Handle[1..] : Handle, Followers, Verified) { DisplayName = DisplayName },
            Engagement = new MentionEngagement(Likes, Shares, Replies, Views),
            InReplyToId = InReplyToId,
            QuotedId = QuotedId,
            Url = Url,
        };
    }

    /// <summary>Lower-cases a short code (platform, language) and returns an interned copy when it is a common one.</summary>
    public static string? NormalizeCode(ReadOnlySpan<char> value)
    {
        value = value.Trim(" \t");
        if (value.IsEmpty)
        {
            return null;
        }

        Span<char> lower = value.Length <= 64 ? stackalloc char[value.Length] : new char[value.Length];
        value.ToLowerInvariant(lower);
        return InternedLookup.TryGetValue(lower, out var interned) ? interned : lower.ToString();
    }

    /// <summary>
    /// Parses a timestamp: ISO 8601 (UTC assumed when it has no offset) or Unix time in seconds (milliseconds when
    /// at least 10^11). Returns it in UTC. Nothing else is read: <c>03/02/2026 10:00</c> could be either day first or
    /// month first, so it is refused rather than guessed.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> value, out DateTimeOffset timestamp)
    {
        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return TryFromUnix(number, out timestamp);
        }

        return MentionTime.TryParseIso(value, out timestamp);
    }

    /// <summary>Unix seconds, or milliseconds when the value is at least 10^11.</summary>
    public static bool TryFromUnix(double value, out DateTimeOffset timestamp)
    {
        var milliseconds = Math.Abs(value) >= 1e11 ? value : value * 1000d;
        if (double.IsFinite(milliseconds) && milliseconds >= -62135596800000d && milliseconds <= 253402300799000d)
        {
            timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(milliseconds));
            return true;
        }

        timestamp = default;
        return false;
    }

    /// <summary>Parses a count: a whole number, zero or more; empty is zero.</summary>
    public static bool TryParseCount(ReadOnlySpan<char> value, out long count)
    {
        value = value.Trim();
        if (value.IsEmpty)
        {
            count = 0;
            return true;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }

    /// <summary>Parses a flag: true/false, 1/0, yes/no (any case); empty is false.</summary>
    public static bool TryParseFlag(ReadOnlySpan<char> value, out bool flag)
    {
        value = value.Trim();
        if (value.IsEmpty || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.SequenceEqual("0") || value.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            flag = false;
            return true;
        }

        flag = true;
        return value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.SequenceEqual("1") || value.Equals("yes", StringComparison.OrdinalIgnoreCase);
    }
}
