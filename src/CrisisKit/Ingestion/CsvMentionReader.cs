using System.Runtime.CompilerServices;
using System.Text;
using CrisisKit.Mentions;

namespace CrisisKit.Ingestion;

/// <summary>
/// Reads mentions from CSV (RFC 4180: a header row, fields optionally in double quotes, <c>""</c> for a quote
/// inside quotes, line breaks allowed inside quotes), with the columns named by a <see cref="CsvColumnMapping"/>.
/// </summary>
/// <remarks>
/// The default column names are <c>id, platform, timestamp, text, language, author, author_name, followers,
/// verified, likes, shares, replies, views, in_reply_to_id, quoted_id, url</c>. A record with a different number of
/// fields from the header, a bad value, or a quote left open at the end of the input is malformed and reported with
/// the line it starts on. A header that lacks a required column, or that has two columns the mapping reads as the same
/// field (two <c>text</c> columns, say, or <c>Text</c> and <c> text </c>), stops the read with
/// <see cref="InvalidDataException"/>: the reader would otherwise have to pick one of them without saying so.
/// Blank lines are skipped and counted.
/// </remarks>
public sealed class CsvMentionReader : MentionReader
{
    /// <summary>What is trimmed around identifiers: spaces and tabs, not line breaks (a line break in one is reported).</summary>
    private static readonly char[] Blanks = [' ', '\t'];

    private readonly CsvColumnMapping _mapping;

    /// <summary>Creates a reader.</summary>
    /// <param name="options">Reader options; defaults when <see langword="null"/>.</param>
    /// <param name="mapping">Column names and delimiter; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option or the mapping is invalid.</exception>
    public CsvMentionReader(MentionReaderOptions? options = null, CsvColumnMapping? mapping = null)
        : base(options)
    {
        _mapping = mapping ?? new CsvColumnMapping();
        _mapping.Validate();
    }

    /// <summary>The column mapping in use.</summary>
    public CsvColumnMapping Mapping => _mapping;

    private protected override async IAsyncEnumerable<Mention> ReadCoreAsync(Stream stream, string source, MentionReadStatistics statistics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var parser = new CsvRecordParser(text, _mapping.Delimiter, Options.MaxRecordLength);
        var header = await parser.NextAsync(cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            yield break;
        }

        var columns = ResolveColumns(header.Value.Fields, source);
        var record = new MentionRecord();
        while (await parser.NextAsync(cancellationToken).ConfigureAwait(false) is { } row)
        {
            // A malformed record that spans lines (an unclosed quote, most often) takes only its first line with it:
            // the lines after are read again as records of their own, so one stray quote cannot swallow the rest.
            // (The same below for a record whose values are wrong.)
            var mismatch = row.Error is null && !(row.Fields.Count == 1 && row.Fields[0].Length == 0) && row.Fields.Count != header.Value.Fields.Count;
            if ((row.Error is not null || mismatch) && row.Rest is { } rest)
            {
                parser.Resume(rest, row.LineNumber + 1);
                statistics.Consumed = parser.Consumed;
                ReportMalformed(statistics, source, row.LineNumber, row.Error ?? $"expected {header.Value.Fields.Count} fields as in the header, found {row.Fields.Count}", row.FirstLine);
                continue;
            }

            statistics.Consumed = parser.Consumed;
            if (row.Error is not null)
            {
                ReportMalformed(statistics, source, row.LineNumber, row.Error, row.Raw);
                continue;
            }

            if (row.Fields.Count == 1 && row.Fields[0].Length == 0)
            {
                statistics.CountBlankLine();
                continue;
            }

            if (row.Fields.Count != header.Value.Fields.Count)
            {
                ReportMalformed(statistics, source, row.LineNumber, $"expected {header.Value.Fields.Count} fields as in the header, found {row.Fields.Count}", row.Raw);
                continue;
            }

            var mention = Build(row.Fields, columns, record, out var reason);
            if (mention is null)
            {
                if (row.Rest is { } after)
                {
                    parser.Resume(after, row.LineNumber + 1);
                    statistics.Consumed = parser.Consumed;
                }

                ReportMalformed(statistics, source, row.LineNumber, reason!, row.Rest is null ? row.Raw : row.FirstLine);
                continue;
            }

            statistics.CountMention(row.LineNumber);
            yield return mention;
        }

        statistics.Consumed = parser.Consumed;
    }

    private Mention? Build(List<string> fields, int[] columns, MentionRecord record, out string? reason)
    {
        record.Reset();
        string? Get(Column column) => columns[(int)column] < 0 ? null : fields[columns[(int)column]];
        string? NonEmpty(Column column) => Get(column) is { Length: > 0 } value ? value : null;

        record.Id = NonEmpty(Column.Id)?.Trim(Blanks);
        record.Platform = MentionRecord.NormalizeCode(Get(Column.Platform));
        record.Text = Get(Column.Text);
        record.Language = MentionRecord.NormalizeCode(Get(Column.Language));
        record.Handle = NonEmpty(Column.AuthorHandle)?.Trim(Blanks);
        record.DisplayName = NonEmpty(Column.AuthorDisplayName);
        record.InReplyToId = NonEmpty(Column.InReplyToId)?.Trim(Blanks);
        record.QuotedId = NonEmpty(Column.QuotedId)?.Trim(Blanks);
        record.Url = NonEmpty(Column.Url)?.Trim(Blanks);

        if (NonEmpty(Column.Timestamp) is { } timestamp)
        {
            if (!MentionRecord.TryParseTimestamp(timestamp, out var parsed))
            {
                reason = $"'{_mapping.Timestamp}' value '{timestamp}' is not an ISO 8601 date-time or Unix time";
                return null;
            }

            record.Timestamp = parsed;
        }

        if (!Count(Column.AuthorFollowers, _mapping.AuthorFollowers, out record.Followers, out reason)
            || !Count(Column.Likes, _mapping.Likes, out record.Likes, out reason)
            || !Count(Column.Shares, _mapping.Shares, out record.Shares, out reason)
            || !Count(Column.Replies, _mapping.Replies, out record.Replies, out reason)
            || !Count(Column.Views, _mapping.Views, out record.Views, out reason))
        {
            return null;
        }

        if (!MentionRecord.TryParseFlag(Get(Column.AuthorVerified), out record.Verified))
        {
            reason = $"'{_mapping.AuthorVerified}' value '{Get(Column.AuthorVerified)}' must be true/false, 1/0 or yes/no";
            return null;
        }

        return record.Build(Options, out reason);

        bool Count(Column column, string? name, out long value, out string? why)
        {
            var raw = Get(column);
            if (MentionRecord.TryParseCount(raw, out value))
            {
                why = null;
                return true;
            }

            why = $"'{name}' value '{raw}' must be a whole number, zero or more";
            return false;
        }
    }

    private int[] ResolveColumns(List<string> header, string source)
    {
        var names = new string?[(int)Column.Count];
        names[(int)Column.Id] = _mapping.Id;
        names[(int)Column.Platform] = _mapping.Platform;
        names[(int)Column.Timestamp] = _mapping.Timestamp;
        names[(int)Column.Text] = _mapping.Text;
        names[(int)Column.Language] = _mapping.Language;
        names[(int)Column.AuthorHandle] = _mapping.AuthorHandle;
        names[(int)Column.AuthorDisplayName] = _mapping.AuthorDisplayName;
        names[(int)Column.AuthorFollowers] = _mapping.AuthorFollowers;
        names[(int)Column.AuthorVerified] = _mapping.AuthorVerified;
        names[(int)Column.Likes] = _mapping.Likes;
        names[(int)Column.Shares] = _mapping.Shares;
        names[(int)Column.Replies] = _mapping.Replies;
        names[(int)Column.Views] = _mapping.Views;
        names[(int)Column.InReplyToId] = _mapping.InReplyToId;
        names[(int)Column.QuotedId] = _mapping.QuotedId;
        names[(int)Column.Url] = _mapping.Url;

        var columns = new int[(int)Column.Count];
        var repeated = new List<string>();
        for (var c = 0; c < columns.Length; c++)
        {
            var name = names[c]?.Trim();
            columns[c] = name is null ? -1 : header.FindIndex(Matches);
            if (columns[c] < 0)
            {
                continue;
            }

            // Positions are 1-based, as a person counts the columns of a spreadsheet.
            var positions = new List<int> { columns[c] + 1 };
            for (var h = header.FindIndex(columns[c] + 1, Matches); h >= 0; h = header.FindIndex(h + 1, Matches))
            {
                positions.Add(h + 1);
            }

            if (positions.Count > 1)
            {
                var at = string.Join(", ", positions.SkipLast(1)) + " and " + positions[^1];
                repeated.Add($"'{name}' (CsvColumnMapping.{(Column)c}) at positions {at}");
            }

            bool Matches(string h) => h.Trim().Equals(name, StringComparison.OrdinalIgnoreCase);
        }

        var missing = new List<string>();
        if (columns[(int)Column.Id] < 0)
        {
            missing.Add(_mapping.Id);
        }

        if (columns[(int)Column.Timestamp] < 0)
        {
            missing.Add(_mapping.Timestamp);
        }

        if (columns[(int)Column.AuthorHandle] < 0)
        {
            missing.Add(_mapping.AuthorHandle);
        }

        if (columns[(int)Column.Platform] < 0 && Options.DefaultPlatform is null)
        {
            missing.Add(_mapping.Platform ?? "platform");
        }

        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{source}:1: the CSV header lacks the required column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; found: {string.Join(", ", header.Select(h => $"'{h}'"))}. Map the columns with CsvColumnMapping.");
        }

        if (repeated.Count > 0)
        {
            throw new InvalidDataException(
                $"{source}:1: the CSV header names the same column more than once: {string.Join("; ", repeated)}. A field is read from one column, so the reader cannot tell which to use; rename or remove the extra column(s), or map the field to another name with CsvColumnMapping.");
        }

        return columns;
    }

    private enum Column
    {
        Id,
        Platform,
        Timestamp,
        Text,
        Language,
        AuthorHandle,
        AuthorDisplayName,
        AuthorFollowers,
        AuthorVerified,
        Likes,
        Shares,
        Replies,
        Views,
        InReplyToId,
        QuotedId,
        Url,
        Count,
    }
}
