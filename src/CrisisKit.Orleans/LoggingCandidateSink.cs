using CrisisKit.Monitoring;
using Microsoft.Extensions.Logging;

namespace CrisisKit.Orleans;

/// <summary>The default <see cref="ICandidateSink"/>: logs each change (see <see cref="OrleansLog"/>).</summary>
internal sealed class LoggingCandidateSink(ILogger<LoggingCandidateSink> logger) : ICandidateSink
{
    public ValueTask PublishAsync(CrisisCandidateEvent change, CancellationToken cancellationToken)
    {
        logger.CandidateChanged(change.GetType().Name, change.Candidate.Id, change.Candidate.SubjectId, change.Candidate.PeakScore);
        return ValueTask.CompletedTask;
    }
}
