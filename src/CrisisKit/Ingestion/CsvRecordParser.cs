using System.Text;

namespace CrisisKit.Ingestion;

/// <summary>
/// One CSV record: its fields, the line it starts on, its raw text for errors, and what is wrong with it if anything.
/// <see cref="Rest"/> is the text after the record's first line when it spans several (quoted line breaks), so a
/// reader that finds the record malformed can read those lines again (<see cref="CsvRecordParser.Resume"/>) instead
/// of losing them with it.
/// </summary>
internal readonly record struct CsvRecord(List<string> Fields, long LineNumber, string Raw, string? Error, string? Rest = null)
{
    /// <summary>The record's first line (all of <see cref="Raw"/> when it has one).</summary>
    public string FirstLine => Raw.IndexOfAny(['\r', '\n']) is var i and >= 0 ? Raw[..i] : Raw;
}

/// <summary>
/// Splits CSV text into records (RFC 4180), reading through a <see cref="TextReader"/> in blocks. A record longer
/// than the limit is reported as an error record: one still on its first line is discarded up to the end of that
/// line; one that has crossed a line break inside quotes stops there, with its later lines in <see cref="CsvRecord.Rest"/>.
/// </summary>
internal sealed class CsvRecordParser(TextReader reader, char delimiter, int maxRecordLength)
{
    private char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private readonly StringBuilder _raw = new();
    private int _position;
    private int _length;
    private long _line = 1;
    private bool _eof;

    /// <summary>Characters consumed so far.</summary>
    public long Consumed { get; private set; }

    public async ValueTask<CsvRecord?> NextAsync(CancellationToken cancellationToken)
    {
        var fields = new List<string>();
        _field.Clear();
        _raw.Clear();
        var startLine = _line;
        var inQuotes = false;
        var quotedField = false;
        var tooLong = false;
        var afterQuote = false;
        string? error = null;
        var any = false;

        while (true)
        {
            if (_position == _length)
            {
                if (_eof || !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!any)
                    {
                        return null;
                    }

                    if (inQuotes)
                    {
                        error ??= "a quoted field is not closed before the end of the input";
                    }

                    fields.Add(_field.ToString());
                    return Finish(fields, startLine, error, tooLong);
                }
            }

            var c = _buffer[_position++];
            Consumed++;
            any = true;
            if (!tooLong)
            {
                if (_raw.Length >= maxRecordLength)
                {
                    error = $"record is longer than MaxRecordLength ({maxRecordLength} characters)";
                    if (inQuotes && RestAfterFirstLine() is not null)
                    {
                        // Most likely a quote that is never closed: stop here and give the later lines back.
                        _position--;
                        Consumed--;
                        return Finish(fields, startLine, error, tooLong: false);
                    }

                    tooLong = true;
                    _field.Clear();
                }
                else
                {
                    _raw.Append(c);
                }
            }

            if (inQuotes && tooLong && c is '\r' or '\n')
            {
                // An over-long record still in quotes at a line break: end it with its first line.
                inQuotes = false;
            }

            if (inQuotes)
            {
                if (c == '"')
                {
                    if (await PeekAsync(cancellationToken).ConfigureAwait(false) == '"')
                    {
                        _position++;
                        Consumed++;
                        if (!tooLong)
                        {
                            _raw.Append('"');
                            _field.Append('"');
                        }
                    }
                    else
                    {
                        inQuotes = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    if (!tooLong)
                    {
                        _field.Append(c);
                    }
                }

                continue;
            }

            if (c == delimiter)
            {
                fields.Add(tooLong ? string.Empty : _field.ToString());
                _field.Clear();
                quotedField = false;
                afterQuote = false;
                continue;
            }

            if (c == '\r' || c == '\n')
            {
                if (c == '\r' && await PeekAsync(cancellationToken).ConfigureAwait(false) == '\n')
                {
                    _position++;
                    Consumed++;
                }

                _line++;
                fields.Add(_field.ToString());
                return Finish(fields, startLine, error, tooLong);
            }

            if (c == '"' && _field.Length == 0 && !quotedField)
            {
                inQuotes = true;
                quotedField = true;
                continue;
            }

            if (afterQuote)
            {
                error ??= "unexpected text after a closing quote (a quote inside a quoted field must be doubled)";
            }

            if (!tooLong)
            {
                _field.Append(c);
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="text"/> (the <see cref="CsvRecord.Rest"/> of a record just returned) again before the
    /// rest of the input, counting lines from <paramref name="line"/>.
    /// </summary>
    public void Resume(string text, long line)
    {
        var remaining = _length - _position;
        var buffer = new char[Math.Max(64 * 1024, text.Length + remaining)];
        text.CopyTo(buffer);
        Array.Copy(_buffer, _position, buffer, text.Length, remaining);
        _buffer = buffer;
        _position = 0;
        _length = text.Length + remaining;
        _line = line;
        Consumed -= text.Length;
        if (_length > 0)
        {
            _eof = false;
        }
    }

    private CsvRecord Finish(List<string> fields, long startLine, string? error, bool tooLong)
    {
        var raw = _raw.Length > 0 && _raw[^1] is '\n' or '\r' ? _raw.ToString().TrimEnd('\r', '\n') : _raw.ToString();
        return new CsvRecord(tooLong ? [] : fields, startLine, raw, error, tooLong ? null : RestAfterFirstLine());
    }

    /// <summary>The raw text after the first line break, when there is more than the record's own terminator.</summary>
    private string? RestAfterFirstLine()
    {
        for (var i = 0; i < _raw.Length; i++)
        {
            if (_raw[i] is '\r' or '\n')
            {
                var start = _raw[i] == '\r' && i + 1 < _raw.Length && _raw[i + 1] == '\n' ? i + 2 : i + 1;
                return start < _raw.Length ? _raw.ToString(start, _raw.Length - start) : null;
            }
        }

        return null;
    }

    private async ValueTask<int> PeekAsync(CancellationToken cancellationToken)
    {
        if (_position == _length && (_eof || !await FillAsync(cancellationToken).ConfigureAwait(false)))
        {
            return -1;
        }

        return _buffer[_position];
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        _position = 0;
        if (_length == 0)
        {
            _eof = true;
            return false;
        }

        return true;
    }
}
