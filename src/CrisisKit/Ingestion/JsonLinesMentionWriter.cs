using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CrisisKit.Mentions;

namespace CrisisKit.Ingestion;

/// <summary>
/// Writes mentions as JSON Lines in the shape <see cref="JsonLinesMentionReader"/> reads, one object per line,
/// so a stream of mentions (for example from the simulator) can be saved and replayed exactly.
/// </summary>
/// <remarks>Not thread-safe. Call <see cref="FlushAsync"/> or dispose the writer to push buffered lines to the stream.</remarks>
public sealed class JsonLinesMentionWriter : IDisposable, IAsyncDisposable
{
    private const int FlushThreshold = 64 * 1024;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly Utf8JsonWriter _json;
    private bool _disposed;

    /// <summary>Creates a writer over <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves the stream open.</param>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    public JsonLinesMentionWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>How many mentions have been written.</summary>
    public long Count { get; private set; }

    /// <summary>Writes one mention as one line.</summary>
    /// <param name="mention">The mention.</param>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void Write(Mention mention)
    {
        ArgumentNullException.ThrowIfNull(mention);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("id"u8, mention.Id);
        _json.WriteString("platform"u8, mention.Platform);
        _json.WriteString("timestamp"u8, mention.Timestamp);
        _json.WriteString("text"u8, mention.Text);
        if (mention.Language is not null)
        {
            _json.WriteString("language"u8, mention.Language);
        }

        _json.WriteStartObject("author"u8);
        _json.WriteString("handle"u8, mention.Author.Handle);
        if (mention.Author.DisplayName is not null)
        {
            _json.WriteString("displayName"u8, mention.Author.DisplayName);
        }

        _json.WriteNumber("followers"u8, mention.Author.Followers);
        _json.WriteBoolean("verified"u8, mention.Author.Verified);
        _json.WriteEndObject();
        var engagement = mention.Engagement;
        if (engagement is not { Likes: 0, Shares: 0, Replies: 0, Views: 0 })
        {
            _json.WriteStartObject("engagement"u8);
            _json.WriteNumber("likes"u8, engagement.Likes);
            _json.WriteNumber("shares"u8, engagement.Shares);
            _json.WriteNumber("replies"u8, engagement.Replies);
            _json.WriteNumber("views"u8, engagement.Views);
            _json.WriteEndObject();
        }

        WriteOptional("inReplyToId"u8, mention.InReplyToId);
        WriteOptional("quotedId"u8, mention.QuotedId);
        WriteOptional("url"u8, mention.Url);
        _json.WriteEndObject();
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        Count++;
        if (_buffer.WrittenCount >= FlushThreshold)
        {
            _stream.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }
    }

    /// <summary>Writes the buffered lines to the stream and flushes it.</summary>
    /// <param name="cancellationToken">Stops the flush.</param>
    /// <returns>A task that completes when the lines are written.</returns>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_buffer.WrittenCount > 0)
        {
            await _stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _buffer.ResetWrittenCount();
        }

        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _stream.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        _stream.Flush();
        _disposed = true;
        _json.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await FlushAsync().ConfigureAwait(false);
        _disposed = true;
        await _json.DisposeAsync().ConfigureAwait(false);
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void WriteOptional(ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            _json.WriteString(name, value);
        }
    }
}
