using System.Text;

namespace CrisisKit.Benchmarking;

/// <summary>
/// One line from a <see cref="BoundedLineReader"/>: its text, or for a line over the limit only its start and length.
/// </summary>
/// <param name="Text">The line without its line break; <see langword="null"/> when it was longer than the limit.</param>
/// <param name="Length">The line's length in characters (all of it, also when it was too long to keep).</param>
/// <param name="Start">The first 200 characters of a line over the limit, for messages; empty otherwise.</param>
internal readonly record struct BoundedLine(string? Text, long Length, string Start);

/// <summary>
/// Reads lines as <see cref="TextReader.ReadLine"/> does (ended by <c>\n</c>, <c>\r\n</c> or <c>\r</c>), but never
/// holds more than the limit of one line: the rest of a longer line is read through and dropped, its length counted.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxLength)
{
    /// <summary>How much of an over-long line is kept for messages.</summary>
    private const int StartLength = 200;

    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _length;

    /// <summary>The next line, or <see langword="null"/> at the end of the input.</summary>
    public BoundedLine? ReadLine()
    {
        _line.Clear();
        long length = 0;
        var any = false;
        while (true)
        {
            if (_position == _length && !Fill())
            {
                return any ? Finish(length) : null;
            }

            any = true;
            var span = _buffer.AsSpan(_position, _length - _position);
            var end = span.IndexOfAny('\r', '\n');
            var take = end < 0 ? span.Length : end;
            Keep(span[..take], length);
            length += take;
            _position += take;
            if (end < 0)
            {
                continue;
            }

            // A line break: \r\n counts as one, even when the buffer ends between the two.
            var breakChar = _buffer[_position++];
            if (breakChar == '\r' && (_position < _length || Fill()) && _buffer[_position] == '\n')
            {
                _position++;
            }

            return Finish(length);
        }
    }

    private void Keep(ReadOnlySpan<char> chunk, long lengthSoFar)
    {
        // Kept whole up to the limit; past it only the first StartLength characters stay, for the message.
        if (lengthSoFar + chunk.Length <= maxLength)
        {
            _line.Append(chunk);
        }
        else if (_line.Length < StartLength)
        {
            _line.Append(chunk[..Math.Min(chunk.Length, StartLength - _line.Length)]);
        }

        if (lengthSoFar + chunk.Length > maxLength && _line.Length > StartLength)
        {
            _line.Length = StartLength;
        }
    }

    private BoundedLine Finish(long length) => length <= maxLength
        ? new BoundedLine(_line.ToString(), length, string.Empty)
        : new BoundedLine(null, length, _line.ToString());

    private bool Fill()
    {
        _position = 0;
        _length = reader.Read(_buffer, 0, _buffer.Length);
        return _length > 0;
    }
}
