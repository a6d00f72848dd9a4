using System.Globalization;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CrisisKit.Hosting;

/// <summary>
/// Healthy when the incident store answers and the latest detection checkpoint was saved; Degraded when the store answers
/// but the latest checkpoint failed; Unhealthy when the store does not answer.
/// </summary>
internal sealed class StoreHealthCheck(IIncidentStore store, PipelineStatus status) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int open;
        try
        {
            open = (await store.ListAsync(openOnly: true, cancellationToken).ConfigureAwait(false)).Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"The incident store ({store.GetType().Name}) does not answer: {ex.Message}", ex);
        }

        var data = new Dictionary<string, object> { ["openIncidents"] = open };
        if (status.LastCheckpointFailure is { } failure)
        {
            return HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture, $"The incident store answers; the detection checkpoint at {failure.At:u} failed: {failure.Error}"), data: data);
        }

        return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"The incident store answers ({open} open incidents)."), data);
    }
}

/// <summary>Unhealthy when the pipeline is not running or escalation work has been due for longer than <see cref="HostedPipelineOptions.EngineOverdueAfter"/>.</summary>
internal sealed class EngineTimerHealthCheck(IEscalationEngine engine, PipelineStatus status, IOptions<HostedPipelineOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!status.Running)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The CrisisKit pipeline is not running."));
        }

        var now = time.GetUtcNow();
        if (engine.NextDueAt is { } due && now - due > options.Value.EngineOverdueAfter)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"Escalation work due at {due:u} has not run for {now - due:c} (HostedPipelineOptions.EngineOverdueAfter is {options.Value.EngineOverdueAfter:c}): the engine's timer is not firing.")));
        }

        return Task.FromResult(HealthCheckResult.Healthy(engine.NextDueAt is { } next ? string.Create(CultureInfo.InvariantCulture, $"Next escalation work due at {next:u}.") : "No escalation work is due."));
    }
}

/// <summary>Degraded when no mention has arrived for <see cref="HostedPipelineOptions.FeedStaleAfter"/>; Unhealthy when the pipeline is not running.</summary>
internal sealed class FeedHealthCheck(PipelineStatus status, IOptions<HostedPipelineOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!status.Running)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The CrisisKit pipeline is not running."));
        }

        var data = new Dictionary<string, object> { ["ingested"] = status.Ingested, ["notUsed"] = status.Malformed };
        if (status.SourcesEnded)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Every mention source has ended.", data));
        }

        var last = status.LastMentionAt ?? status.StartedAt ?? time.GetUtcNow();
        var quiet = time.GetUtcNow() - last;
        if (quiet >= options.Value.FeedStaleAfter)
        {
            return Task.FromResult(HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture, $"No mention for {quiet:c} (HostedPipelineOptions.FeedStaleAfter is {options.Value.FeedStaleAfter:c}); last at {last:u}."), data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Last mention at {last:u}."), data));
    }
}

/// <summary>
/// Degraded when a channel's latest send (on an open incident's timeline) failed within
/// <see cref="HostedPipelineOptions.ChannelFailureWindow"/>, or the bridge to the engine dropped a candidate event in
/// that window; the description names each channel and its last error.
/// </summary>
internal sealed class ChannelsHealthCheck(IEscalationEngine engine, PipelineStatus status, IOptions<HostedPipelineOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow() - options.Value.ChannelFailureWindow;
        var latest = new Dictionary<string, IncidentEvent>(StringComparer.Ordinal);
        foreach (var incident in engine.OpenIncidents)
        {
            foreach (var entry in incident.Timeline)
            {
                var channel = entry switch
                {
                    NotificationSent sent => sent.Channel,
                    NotificationFailed failed => failed.Channel,
                    _ => null,
                };
                if (channel is not null && (!latest.TryGetValue(channel, out var known) || known.At <= entry.At))
                {
                    latest[channel] = entry;
                }
            }
        }

        var problems = latest
            .Where(p => p.Value is NotificationFailed failed && failed.At >= since)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"channel '{p.Key}' failed at {p.Value.At:u}: {((NotificationFailed)p.Value).Error}"))
            .ToList();
        if (status.LastBridgeFailure is { } bridge && bridge.At >= since)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the bridge to the escalation engine failed at {bridge.At:u}: {bridge.Error}"));
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("No channel's latest send failed.")
            : HealthCheckResult.Degraded(string.Join("; ", problems)));
    }
}
