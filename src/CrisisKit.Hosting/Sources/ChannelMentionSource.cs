using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CrisisKit.Mentions;

namespace CrisisKit.Hosting;

/// <summary>
/// An in-memory queue of mentions that an app writes into (from a webhook endpoint, a message-bus consumer, a test) and
/// the hosted pipeline reads from. Register it with <c>AddMentionChannel()</c> and resolve it to write; or create one
/// and register it with <c>AddMentionSource(source)</c>.
/// </summary>
/// <remarks>
/// When the host stops, the queue is closed for writing (<see cref="Writer"/>'s <c>TryWrite</c> returns
/// <see langword="false"/>) and every mention already written is still ingested: nothing accepted is lost.
/// </remarks>
public sealed class ChannelMentionSource : IMentionSource
{
    private readonly Channel<Mention> _channel;

    /// <summary>Creates the queue.</summary>
    /// <param name="capacity">How many mentions may wait; a writer waits (<c>WriteAsync</c>) or is refused (<c>TryWrite</c>) when it is full. <see langword="null"/> (the default) for no bound.</param>
    /// <param name="name">The source's name; default <c>channel</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public ChannelMentionSource(int? capacity = null, string name = "channel")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (capacity is { } bound)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1, nameof(capacity));
            _channel = Channel.CreateBounded<Mention>(new BoundedChannelOptions(bound) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        }
        else
        {
            _channel = Channel.CreateUnbounded<Mention>(new UnboundedChannelOptions { SingleReader = true });
        }

        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Where the app writes mentions. Complete it (<c>Writer.Complete()</c>) to end the source.</summary>
    public ChannelWriter<Mention> Writer => _channel.Writer;

    /// <summary>How many mentions are waiting to be read.</summary>
    public int Pending => _channel.Reader.CanCount ? _channel.Reader.Count : 0;

    /// <inheritdoc />
    public IAsyncEnumerable<Mention> ReadAsync(CancellationToken cancellationToken) => Read(cancellationToken);

    private async IAsyncEnumerable<Mention> Read([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        while (true)
        {
            while (reader.TryRead(out var mention))
            {
                yield return mention;
            }

            bool more;
            try
            {
                more = await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                more = false;
            }

            if (!more)
            {
                break;
            }
        }

        // Stopping (or completed by the app): refuse new writes and hand over what is already queued.
        _channel.Writer.TryComplete();
        while (reader.TryRead(out var mention))
        {
            yield return mention;
        }
    }
}
