using CrisisKit.Mentions;

namespace CrisisKit.Orleans;

/// <summary>
/// Sends mentions to the subject grains of an Orleans cluster: matches each mention to the monitored subjects,
/// enriches it once (sentiment, crisis categories), and sends each subject's mentions to its <see cref="ISubjectGrain"/>
/// in one call per subject per batch. Runs in a silo or in a client; registered by <c>AddCrisisKit</c> on either.
/// </summary>
/// <remarks>
/// <para>
/// Like an in-process <see cref="Monitoring.ICrisisMonitor"/>, the router rejects implausible timestamps, ignores
/// duplicates (the same platform and id within <see cref="Monitoring.CrisisKitOptions.DuplicateWindow"/>) and keeps
/// the mention-time watermark that closes buckets; each mention carries the watermark after it, so a subject grain
/// closes its buckets at the same points as the monitor would and holds the same state. When the watermark closes a
/// bucket period, every subject that had no mention in the batch is sent the watermark alone, so quiet subjects
/// close their buckets and candidates too.
/// </para>
/// <para>
/// Nothing a grain has applied is lost when its silo dies: the router keeps each subject's batches until the grain
/// has written a state that contains them, and sends them again, in order, when the grain comes back from an older
/// state. Batches are sequenced per router, so none is applied twice. What the router holds is lost with the
/// router's own process: the mention source must then deliver again from its last checkpoint.
/// </para>
/// <para>One batch at a time: concurrent calls wait for each other.</para>
/// </remarks>
public interface IMentionRouter
{
    /// <summary>Routes a batch of mentions and returns once every subject grain concerned has applied its share.</summary>
    /// <param name="mentions">The mentions, in the order they arrived.</param>
    /// <param name="cancellationToken">Cancels the wait; batches not yet applied are sent with the next call.</param>
    /// <returns>What happened to the mentions of this batch.</returns>
    /// <exception cref="ArgumentException">A mention lacks an Id, a Platform, an Author with a Handle, or a Text.</exception>
    /// <exception cref="AggregateException">A subject grain could not be reached in <see cref="CrisisKitOrleansOptions.MaxSendAttempts"/> attempts; its batches are kept and sent with the next call.</exception>
    Task<RouteResult> RouteAsync(IReadOnlyList<Mention> mentions, CancellationToken cancellationToken = default);
}

/// <summary>What happened to one batch given to <see cref="IMentionRouter.RouteAsync"/>.</summary>
/// <param name="Matched">Mentions sent to at least one subject grain.</param>
/// <param name="Unmatched">Mentions that concerned no monitored subject.</param>
/// <param name="Duplicates">Mentions ignored as duplicates of one already routed.</param>
/// <param name="Rejected">Mentions with an implausible timestamp.</param>
/// <param name="GrainCalls">Calls made to subject grains, re-sends included.</param>
public sealed record RouteResult(int Matched, int Unmatched, int Duplicates, int Rejected, int GrainCalls);
