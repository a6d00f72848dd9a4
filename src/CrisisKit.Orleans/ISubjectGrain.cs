using CrisisKit.Correlation;
using Orleans;

namespace CrisisKit.Orleans;

/// <summary>
/// The grain of one monitored subject, keyed by <see cref="Mentions.MonitoredSubject.Id"/>: it holds that subject's
/// detection state (buckets, detectors, candidate correlator), fed in batches by an <see cref="IMentionRouter"/>, and
/// keeps it in the <see cref="CrisisKitOrleansOptions.StorageName"/> grain storage as CrisisKit snapshot bytes.
/// </summary>
public interface ISubjectGrain : IGrainWithStringKey
{
    /// <summary>The subject's last closed candidate and its open one, as <see cref="Monitoring.ICrisisMonitor.GetCandidates"/> gives them.</summary>
    /// <returns>Zero, one or two candidates, the closed one first.</returns>
    Task<IReadOnlyList<CrisisCandidate>> GetCandidatesAsync();

    /// <summary>
    /// The subject's detection state as a CrisisKit snapshot holding this one subject (the format
    /// <see cref="Monitoring.ICrisisMonitor.SaveState"/> writes): what the grain writes to storage, and what an
    /// in-process monitor watching this subject can restore.
    /// </summary>
    /// <returns>The snapshot bytes of the state the grain holds now.</returns>
    Task<byte[]> GetSnapshotAsync();
}
