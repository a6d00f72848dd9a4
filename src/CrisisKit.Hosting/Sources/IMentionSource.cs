using CrisisKit.Mentions;

namespace CrisisKit.Hosting;

/// <summary>
/// Where a hosted pipeline's mentions come from: a file, a queue, a platform's streaming API. The pipeline reads each
/// registered source on its own task and takes every mention it yields through the monitor.
/// </summary>
/// <remarks>
/// When the host stops, the token given to <see cref="ReadAsync"/> is cancelled. A source should
/// then yield what it already holds (mentions taken from a queue but not yet yielded) and end; ending by throwing
/// <see cref="OperationCanceledException"/> is also accepted. Every mention yielded is ingested before the pipeline goes
/// on with its stop.
/// </remarks>
public interface IMentionSource
{
    /// <summary>The source's name in logs and health reports.</summary>
    string Name { get; }

    /// <summary>Reads the source's mentions, as they arrive, until the source ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>The mentions.</returns>
    IAsyncEnumerable<Mention> ReadAsync(CancellationToken cancellationToken);
}
