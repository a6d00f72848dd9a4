using System.Text;

namespace CrisisKit.Ingestion;

/// <summary>One CSV record: its fields, the line it starts on, its raw text for errors, and what is wrong with it if anything.</summary>
internal readonly record struct CsvRecord(List<string> Fields, long LineNumber, string Raw, string? Error);

/// <summary>
/// Splits CSV text into records (RFC 4180), reading through a <see cref="TextReader"/> in blocks. A record longer
/// than the limit is reported as an error record and its remaining characters are discarded up to its end.
/// </summary>
internal sealed class CsvRecordParser(TextReader reader, char delimiter, int maxRecordLength)
{
    private readonly char[] _buffer = new char[64 * 1024];
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
                    tooLong = true;
                    error = $"record is longer than MaxRecordLength ({maxRecordLength} characters)";
                    _field.Clear();
                }
                else
                {
                    _raw.Append(c);
                }
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

    private CsvRecord Finish(List<string> fields, long startLine, string? error, bool tooLong)
    {
        var raw = _raw.Length > 0 && _raw[^1] is '\n' or '\r' ? _raw.ToString().TrimEnd('\r', '\n') : _raw.ToString();
        return new CsvRecord(tooLong ? [] : fields, startLine, raw, error);
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
