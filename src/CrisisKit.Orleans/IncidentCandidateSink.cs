using CrisisKit.Monitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;

namespace CrisisKit.Orleans;

/// <summary>
/// The <see cref="ICandidateSink"/> that <c>AddCrisisKitEscalation</c> registers: hands each candidate change to the
/// candidate's <see cref="IIncidentGrain"/> where the in-process <c>EscalationEngine.Follow</c> would call the engine:
/// an opened or reopened candidate opens its incident (named after the monitored subject), an updated one re-assesses
/// it, a closed one does nothing. Logs each change as the default sink does. A change delivered twice is ignored by
/// the grain (same signal count).
/// </summary>
internal sealed class IncidentCandidateSink(IGrainFactory grains, IOptions<CrisisKitOptions> options, ILogger<IncidentCandidateSink> logger) : ICandidateSink
{
    public async ValueTask PublishAsync(CrisisCandidateEvent change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var candidate = change.Candidate;
        logger.CandidateChanged(change.GetType().Name, candidate.Id, candidate.SubjectId, candidate.PeakScore);
        var grain = grains.GetGrain<IIncidentGrain>(candidate.Id);
        switch (change)
        {
            case CrisisCandidateOpened or CrisisCandidateReopened:
                var name = options.Value.Subjects.FirstOrDefault(s => s.Id == candidate.SubjectId)?.Name;
                await grain.OpenAsync(candidate, string.IsNullOrWhiteSpace(name) ? null : name).ConfigureAwait(true);
                break;
            case CrisisCandidateUpdated:
                await grain.UpdateAsync(candidate).ConfigureAwait(true);
                break;
        }
    }
}
