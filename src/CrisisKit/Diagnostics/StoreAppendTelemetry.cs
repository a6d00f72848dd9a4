using CrisisKit.Incidents;
using Microsoft.Extensions.Logging;

namespace CrisisKit.Diagnostics;

/// <summary>The telemetry every incident store that does I/O wraps around an append: one activity, and the shared log messages.</summary>
internal static class StoreAppendTelemetry
{
    /// <summary>
    /// Runs <paramref name="append"/> inside a <c>crisiskit.store.append</c> activity; logs the new version (3001) or a
    /// refused append (3002), and hands any other failure (not a cancellation) to <paramref name="logFailure"/>, the
    /// store's own message, before it propagates.
    /// </summary>
    /// <param name="store">The store's name, as logs and traces show it.</param>
    /// <param name="incidentId">The incident appended to.</param>
    /// <param name="expectedVersion">The version the writer expects.</param>
    /// <param name="events">How many events are appended.</param>
    /// <param name="logger">Where the shared messages go.</param>
    /// <param name="append">The append itself; returns the new version.</param>
    /// <param name="logFailure">Logs a failure in the store's own words.</param>
    /// <returns>The new version.</returns>
    public static async ValueTask<long> TraceAsync(string store, string incidentId, long expectedVersion, int events, ILogger logger, Func<ValueTask<long>> append, Action<Exception> logFailure)
    {
        using var activity = CrisisKitActivities.StartStoreAppend(store, incidentId, expectedVersion, events);
        try
        {
            var version = await append().ConfigureAwait(false);
            logger.EventsAppended(store, events, incidentId, version);
            return version;
        }
        catch (IncidentConcurrencyException ex)
        {
            logger.AppendConflict(store, incidentId, expectedVersion, ex.ActualVersion);
            CrisisKitActivities.Fail(activity, ex);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logFailure(ex);
            CrisisKitActivities.Fail(activity, ex);
            throw;
        }
    }
}
