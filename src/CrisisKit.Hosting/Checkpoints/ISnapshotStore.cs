namespace CrisisKit.Hosting;

/// <summary>
/// Keeps the latest checkpoint of the monitor's detection state (<see cref="Monitoring.ICrisisMonitor.SaveState"/>)
/// so a restarted host resumes detection where it stopped. One snapshot is kept; each save replaces the last.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Replaces the stored snapshot with <paramref name="snapshot"/>; when this returns, the snapshot is durable.</summary>
    /// <param name="snapshot">The snapshot's bytes.</param>
    /// <param name="cancellationToken">Cancels the save; the previous snapshot is then kept.</param>
    /// <returns>A task that completes when the snapshot is saved.</returns>
    Task SaveAsync(ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken);

    /// <summary>The stored snapshot, or <see langword="null"/> when none was saved yet.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The snapshot's bytes, or <see langword="null"/>.</returns>
    Task<byte[]?> LoadAsync(CancellationToken cancellationToken);
}
