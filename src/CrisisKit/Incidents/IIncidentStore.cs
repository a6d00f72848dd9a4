using CrisisKit.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrisisKit.Incidents;

/// <summary>
/// Where incidents' timelines are kept. Appends are atomic and use optimistic concurrency: a writer says which
/// version (event count) it last saw, and a stale writer gets <see cref="IncidentConcurrencyException"/>, never a
/// silent overwrite. Implementations: <see cref="InMemoryIncidentStore"/> (the default) and the
/// <c>CrisisKit.Storage.Sqlite</c> and <c>CrisisKit.Storage.PostgreSql</c> packages.
/// </summary>
public interface IIncidentStore
{
    /// <summary>Appends <paramref name="events"/> to an incident's timeline (creating it when <paramref name="expectedVersion"/> is 0).</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="expectedVersion">The number of events the writer knows of; 0 for a new incident.</param>
    /// <param name="events">The events, in order; at least one.</param>
    /// <param name="cancellationToken">Cancels the append (nothing is written then).</param>
    /// <returns>The new version.</returns>
    /// <exception cref="IncidentConcurrencyException">The timeline has a different version (someone else wrote first, or the incident exists already).</exception>
    ValueTask<long> AppendAsync(string incidentId, long expectedVersion, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Reads an incident's timeline.</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The incident, or <see langword="null"/> if there is none with that id.</returns>
    ValueTask<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken = default);

    /// <summary>The ids of the incidents stored, optionally only the open ones, oldest first.</summary>
    /// <param name="openOnly">Only incidents whose status is open.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ids.</returns>
    ValueTask<IReadOnlyList<string>> ListAsync(bool openOnly = false, CancellationToken cancellationToken = default);
}

/// <summary>An append expected a version the incident's timeline does not have.</summary>
public sealed class IncidentConcurrencyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="expectedVersion">The version the writer expected.</param>
    /// <param name="actualVersion">The version stored.</param>
    public IncidentConcurrencyException(string incidentId, long expectedVersion, long actualVersion)
        : base($"Incident '{incidentId}' has {actualVersion} events but the writer expected {expectedVersion}: someone else changed it first. Reload it and try again.")
    {
        IncidentId = incidentId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The incident.</summary>
    public string IncidentId { get; }

    /// <summary>The version the writer expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version stored.</summary>
    public long ActualVersion { get; }
}

/// <summary>An <see cref="IIncidentStore"/> in memory: the default, for tests and hosts that need no durability. Thread-safe.</summary>
public sealed class InMemoryIncidentStore : IIncidentStore
{
    private const string StoreName = "InMemoryIncidentStore";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<IncidentEvent>> _timelines = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly ILogger _logger;

    /// <summary>Creates an empty store.</summary>
    public InMemoryIncidentStore()
        : this(null)
    {
    }

    /// <summary>Creates an empty store that logs its appends (at debug level) to <paramref name="logger"/>; <c>AddCrisisKit</c> passes the container's logger.</summary>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    internal InMemoryIncidentStore(ILogger? logger)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public ValueTask<long> AppendAsync(string incidentId, long expectedVersion, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken = default)
    {
        IncidentStoreArguments.Check(incidentId, expectedVersion, events);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = CrisisKitActivities.StartStoreAppend(StoreName, incidentId, expectedVersion, events.Count);
        lock (_gate)
        {
            _timelines.TryGetValue(incidentId, out var timeline);
            var actual = timeline?.Count ?? 0;
            if (actual != expectedVersion)
            {
                _logger.AppendConflict(StoreName, incidentId, expectedVersion, actual);
                var conflict = new IncidentConcurrencyException(incidentId, expectedVersion, actual);
                CrisisKitActivities.Fail(activity, conflict);
                throw conflict;
            }

            if (timeline is null)
            {
                IncidentStoreArguments.CheckFirst(incidentId, events);
                timeline = [];
                _timelines[incidentId] = timeline;
                _order.Add(incidentId);
            }

            timeline.AddRange(events);
            _logger.EventsAppended(StoreName, events.Count, incidentId, timeline.Count);
            return ValueTask.FromResult((long)timeline.Count);
        }
    }

    /// <inheritdoc />
    public ValueTask<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(incidentId);
        lock (_gate)
        {
            return ValueTask.FromResult(_timelines.TryGetValue(incidentId, out var timeline) ? Incident.FromTimeline(incidentId, [.. timeline]) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListAsync(bool openOnly = false, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<string> ids = [.. _order.Where(id => !openOnly || Incident.FromTimeline(id, _timelines[id]).IsOpen)];
            return ValueTask.FromResult(ids);
        }
    }
}

/// <summary>Argument checks shared by the stores.</summary>
internal static class IncidentStoreArguments
{
    /// <summary>Checks an append's arguments.</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="expectedVersion">The expected version.</param>
    /// <param name="events">The events.</param>
    /// <exception cref="ArgumentException">An argument is empty, negative or null.</exception>
    public static void Check(string incidentId, long expectedVersion, IReadOnlyList<IncidentEvent> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(incidentId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || events.Any(e => e is null))
        {
            throw new ArgumentException("Append at least one event, and no null ones.", nameof(events));
        }
    }

    /// <summary>Checks that a new incident's timeline starts with <see cref="IncidentOpened"/>.</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="events">Its first events.</param>
    /// <exception cref="ArgumentException">It does not.</exception>
    public static void CheckFirst(string incidentId, IReadOnlyList<IncidentEvent> events)
    {
        if (events[0] is not IncidentOpened)
        {
            throw new ArgumentException($"A new incident's timeline must start with IncidentOpened ('{incidentId}' starts with {events[0].GetType().Name}).", nameof(events));
        }
    }
}
