using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CrisisKit.Mentions;

namespace CrisisKit.Ingestion;

/// <summary>
/// Reads mentions from JSON Lines (one JSON object per line, UTF-8), the format <see cref="JsonLinesMentionWriter"/>
/// writes.
/// </summary>
/// <remarks>
/// <para>One line is one mention:</para>
/// <code language="json">
/// {"id":"1790","platform":"x","timestamp":"2026-03-01T10:15:00Z","text":"@acme my order never came",
///  "language":"en","author":{"handle":"jane","displayName":"Jane","followers":1200,"verified":false},
///  "engagement":{"likes":3,"shares":1,"replies":0,"views":210},"inReplyToId":null,"quotedId":null,"url":null}
/// </code>
/// <para>
/// Required: <c>id</c> (string or number), <c>platform</c> (unless <see cref="MentionReaderOptions.DefaultPlatform"/>
/// is set), <c>timestamp</c> (ISO 8601, or Unix seconds/milliseconds as a number) and <c>author.handle</c>
/// (<c>author</c> may also be just the handle as a string). Everything else is optional; a missing
/// <c>text</c> is empty. Counts may be numbers or numeric strings and must be zero or more. Unknown properties are
/// ignored; property names are case-sensitive. Blank lines are skipped and counted; a UTF-8 byte order mark is
/// skipped.
/// </para>
/// </remarks>
public sealed class JsonLinesMentionReader : MentionReader
{
    private const int InitialBufferSize = 64 * 1024;

    /// <summary>Creates a reader.</summary>
    /// <param name="options">Reader options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public JsonLinesMentionReader(MentionReaderOptions? options = null)
        : base(options)
    {
    }

    private protected override async IAsyncEnumerable<Mention> ReadCoreAsync(Stream stream, string source, MentionReadStatistics statistics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var maxLine = Options.MaxRecordLength;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, maxLine + 1));
        var record = new MentionRecord();
        var start = 0;
        var end = 0;
        var lineNumber = 0L;
        var eof = false;
        var skippingLongLine = false;
        var firstRead = true;
        try
        {
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline < 0 && !eof)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }

                    if (end == buffer.Length)
                    {
                        if (buffer.Length > maxLine)
                        {
                            // The line is longer than allowed: report it once and drop its bytes until its end.
                            if (!skippingLongLine)
                            {
                                lineNumber++;
                                skippingLongLine = true;
                                ReportMalformed(statistics, source, lineNumber, $"line is longer than MaxRecordLength ({maxLine} bytes)", Decode(buffer.AsSpan(0, 200)));
                            }

                            statistics.Consumed += end;
                            end = 0;
                        }
                        else
                        {
                            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxLine + 1));
                            Buffer.BlockCopy(buffer, 0, larger, 0, end);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        eof = true;
                    }
                    else
                    {
                        if (firstRead)
                        {
                            firstRead = false;
                            if (read >= 3 && buffer.AsSpan(end, 3).SequenceEqual("\uFEFF"u8))
                            {
                                start += 3;
                                statistics.Consumed += 3;
                            }
                        }

                        end += read;
                    }

                    continue;
                }

                int lineLength;
                int consumed;
                if (newline >= 0)
                {
                    lineLength = newline;
                    consumed = newline + 1;
                }
                else
                {
                    if (start == end)
                    {
                        break;
                    }

                    lineLength = consumed = end - start;
                }

                var lineStart = start;
                start += consumed;
                statistics.Consumed += consumed;
                if (skippingLongLine)
                {
                    skippingLongLine = false;
                    continue;
                }

                lineNumber++;
                if (lineLength > maxLine)
                {
                    ReportMalformed(statistics, source, lineNumber, $"line is longer than MaxRecordLength ({maxLine} bytes)", Decode(buffer.AsSpan(lineStart, 200)));
                    continue;
                }

                var mention = ParseLine(buffer.AsSpan(lineStart, lineLength), record, source, lineNumber, statistics);
                if (mention is not null)
                {
                    statistics.CountMention(lineNumber);
                    yield return mention;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Mention? ParseLine(ReadOnlySpan<byte> line, MentionRecord record, string source, long lineNumber, MentionReadStatistics statistics)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.Trim(" \t"u8).IsEmpty)
        {
            statistics.CountBlankLine();
            return null;
        }

        record.Reset();
        string? reason;
        try
        {
            reason = Parse(line, record);
        }
        catch (JsonException ex)
        {
            reason = $"invalid JSON: {ex.Message}";
        }
        catch (InvalidOperationException ex)
        {
            reason = $"invalid JSON value: {ex.Message}";
        }

        var mention = reason is null ? record.Build(Options, out reason) : null;
        if (mention is null)
        {
            ReportMalformed(statistics, source, lineNumber, reason!, Decode(line));
        }

        return mention;
    }

    private static string? Parse(ReadOnlySpan<byte> line, MentionRecord record)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "a line must hold one JSON object";
        }

        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(ref reader);
            if (field != Field.Unknown)
            {
                // Taking the last of two values silently would hide a broken export; neither is trusted.
                var bit = 1 << (int)field;
                if ((seen & bit) != 0)
                {
                    return $"'{FieldNames[(int)field]}' appears twice in the record";
                }

                seen |= bit;
            }

            reader.Read();
            var reason = field switch
            {
                Field.Id => ReadId(ref reader, out record.Id, "id"),
                Field.Platform => ReadCode(ref reader, out record.Platform, "platform"),
                Field.Text => ReadString(ref reader, out record.Text, "text"),
                Field.Timestamp => ReadTimestamp(ref reader, out record.Timestamp),
                Field.Language => ReadCode(ref reader, out record.Language, "language"),
                Field.Author => ReadAuthor(ref reader, record),
                Field.Engagement => ReadEngagement(ref reader, record),
                Field.InReplyToId => ReadId(ref reader, out record.InReplyToId, "inReplyToId"),
                Field.QuotedId => ReadId(ref reader, out record.QuotedId, "quotedId"),
                Field.Url => ReadString(ref reader, out record.Url, "url"),
                _ => Skip(ref reader),
            };
            if (reason is not null)
            {
                return reason;
            }
        }

        // Reading past the end verifies nothing but white space follows the object.
        while (reader.Read())
        {
        }

        return null;
    }

    private static string? ReadAuthor(ref Utf8JsonReader reader, MentionRecord record)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return ReadString(ref reader, out record.Handle, "author");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "'author' must be an object or a handle";
        }

        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = NameOf(ref reader);
            var index = name.SequenceEqual("handle"u8) ? 0 : name.SequenceEqual("displayName"u8) ? 1 : name.SequenceEqual("followers"u8) ? 2 : name.SequenceEqual("verified"u8) ? 3 : -1;
            if (index >= 0 && !Once(ref seen, index))
            {
                return $"'author.{AuthorNames[index]}' appears twice in the record";
            }

            reader.Read();
            string? reason;
            if (name.SequenceEqual("handle"u8))
            {
                reason = ReadString(ref reader, out record.Handle, "author.handle");
            }
            else if (name.SequenceEqual("displayName"u8))
            {
                reason = ReadString(ref reader, out record.DisplayName, "author.displayName");
            }
            else if (name.SequenceEqual("followers"u8))
            {
                reason = ReadCount(ref reader, out record.Followers, "author.followers");
            }
            else if (name.SequenceEqual("verified"u8))
            {
                reason = ReadFlag(ref reader, out record.Verified, "author.verified");
            }
            else
            {
                reason = Skip(ref reader);
            }

            if (reason is not null)
            {
                return reason;
            }
        }

        return null;
    }

    private static string? ReadEngagement(ref Utf8JsonReader reader, MentionRecord record)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "'engagement' must be an object";
        }

        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = NameOf(ref reader);
            var index = name.SequenceEqual("likes"u8) ? 0 : name.SequenceEqual("shares"u8) ? 1 : name.SequenceEqual("replies"u8) ? 2 : name.SequenceEqual("views"u8) ? 3 : -1;
            if (index >= 0 && !Once(ref seen, index))
            {
                return $"'engagement.{EngagementNames[index]}' appears twice in the record";
            }

            reader.Read();
            var reason = name.SequenceEqual("likes"u8) ? ReadCount(ref reader, out record.Likes, "engagement.likes")
                : name.SequenceEqual("shares"u8) ? ReadCount(ref reader, out record.Shares, "engagement.shares")
                : name.SequenceEqual("replies"u8) ? ReadCount(ref reader, out record.Replies, "engagement.replies")
                : name.SequenceEqual("views"u8) ? ReadCount(ref reader, out record.Views, "engagement.views")
                : Skip(ref reader);
            if (reason is not null)
            {
                return reason;
            }
        }

        return null;
    }

    private static string? ReadString(ref Utf8JsonReader reader, out string? value, string name)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = reader.GetString();
                return null;
            case JsonTokenType.Null:
                value = null;
                return null;
            default:
                value = null;
                return $"'{name}' must be a string";
        }
    }

    private static string? ReadId(ref Utf8JsonReader reader, out string? value, string name)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            value = Encoding.UTF8.GetString(reader.ValueSpan);
            return null;
        }

        return ReadString(ref reader, out value, name);
    }

    private static string? ReadCode(ref Utf8JsonReader reader, out string? value, string name)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return $"'{name}' must be a string";
        }

        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > 64)
        {
            return $"'{name}' is longer than 64 characters";
        }

        Span<char> chars = stackalloc char[64];
        var written = reader.CopyString(chars);
        value = MentionRecord.NormalizeCode(chars[..written]);
        return null;
    }

    private static string? ReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetDouble(out var number) && MentionRecord.TryFromUnix(number, out var fromUnix))
            {
                value = fromUnix;
                return null;
            }

            return "'timestamp' is a number out of the range of Unix time";
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return "'timestamp' must be an ISO 8601 string or a Unix time number";
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var raw = reader.ValueSpan;
            var hasOffset = raw.Length > 10 && (raw[^1] is (byte)'Z' or (byte)'z' || raw[10..].IndexOfAny((byte)'+', (byte)'-') >= 0);
            if (hasOffset && reader.TryGetDateTimeOffset(out var withOffset))
            {
                value = withOffset.ToUniversalTime();
                return null;
            }

            if (!hasOffset && reader.TryGetDateTime(out var withoutOffset))
            {
                value = new DateTimeOffset(DateTime.SpecifyKind(withoutOffset, DateTimeKind.Unspecified), TimeSpan.Zero);
                return null;
            }
        }

        var text = reader.GetString();
        if (text is not null && MentionRecord.TryParseTimestamp(text, out var parsed))
        {
            value = parsed;
            return null;
        }

        return $"'timestamp' value '{Truncate(text)}' is not an ISO 8601 date-time or Unix time";
    }

    private static string? ReadCount(ref Utf8JsonReader reader, out long value, string name)
    {
        value = 0;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out value) && value >= 0:
                return null;
            case JsonTokenType.String when MentionRecord.TryParseCount(reader.GetString(), out value):
                return null;
            default:
                value = 0;
                return $"'{name}' must be a whole number, zero or more";
        }
    }

    private static string? ReadFlag(ref Utf8JsonReader reader, out bool value, string name)
    {
        value = false;
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return null;
            case JsonTokenType.False:
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String when MentionRecord.TryParseFlag(reader.GetString(), out value):
                return null;
            default:
                return $"'{name}' must be true or false";
        }
    }

    /// <summary>Marks property <paramref name="index"/> seen; <see langword="false"/> if it already was.</summary>
    private static bool Once(ref int seen, int index)
    {
        var bit = 1 << index;
        if ((seen & bit) != 0)
        {
            return false;
        }

        seen |= bit;
        return true;
    }

    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>The current property name, unescaped (allocating only when the input escapes it).</summary>
    private static ReadOnlySpan<byte> NameOf(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    private static Field FieldOf(ref Utf8JsonReader reader)
    {
        var name = NameOf(ref reader);
        return name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => Field.Id,
            3 when name.SequenceEqual("url"u8) => Field.Url,
            4 when name.SequenceEqual("text"u8) => Field.Text,
            6 when name.SequenceEqual("author"u8) => Field.Author,
            8 when name.SequenceEqual("platform"u8) => Field.Platform,
            8 when name.SequenceEqual("language"u8) => Field.Language,
            8 when name.SequenceEqual("quotedId"u8) => Field.QuotedId,
            9 when name.SequenceEqual("timestamp"u8) => Field.Timestamp,
            10 when name.SequenceEqual("engagement"u8) => Field.Engagement,
            11 when name.SequenceEqual("inReplyToId"u8) => Field.InReplyToId,
            _ => Field.Unknown,
        };
    }

    private static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 800)]);

    private static string? Truncate(string? value) => value is { Length: > 64 } ? value[..64] + "…" : value;

    private static readonly string[] FieldNames = ["", "id", "platform", "text", "timestamp", "language", "author", "engagement", "inReplyToId", "quotedId", "url"];
    private static readonly string[] AuthorNames = ["handle", "displayName", "followers", "verified"];
    private static readonly string[] EngagementNames = ["likes", "shares", "replies", "views"];

    private enum Field
    {
        Unknown,
        Id,
        Platform,
        Text,
        Timestamp,
        Language,
        Author,
        Engagement,
        InReplyToId,
        QuotedId,
        Url,
    }
}
