using System.Data.Common;
using System.Text.Json;

namespace CrisisKit.Incidents;

/// <summary>Reads an incident's timeline from a relational store's rows of (sequence, event JSON), checking it has no gaps.</summary>
internal static class StoredTimeline
{
    /// <summary>
    /// Reads every row of <paramref name="reader"/> (column 0: the event's sequence number from 1, column 1: its JSON)
    /// and rebuilds the incident; <see langword="null"/> when there is no row.
    /// </summary>
    /// <param name="reader">The rows, in sequence order.</param>
    /// <param name="incidentId">The incident the rows belong to.</param>
    /// <param name="location">Where the store is, as error messages name it.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="InvalidDataException">A sequence number is missing, an event's JSON is corrupt, or the timeline does not make an incident.</exception>
    public static async ValueTask<Incident?> ReadAsync(DbDataReader reader, string incidentId, string location, CancellationToken cancellationToken)
    {
        var timeline = new List<IncidentEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var sequence = reader.GetInt64(0);
            if (sequence != timeline.Count + 1)
            {
                throw new InvalidDataException($"{location}: the timeline of incident '{incidentId}' is damaged: event {timeline.Count + 1} is missing (the next stored is {sequence}).");
            }

            try
            {
                timeline.Add(IncidentEventJson.Deserialize(reader.GetString(1)));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidCastException)
            {
                throw new InvalidDataException($"{location}: event {sequence} of incident '{incidentId}' is corrupt: {ex.Message}", ex);
            }
        }

        if (timeline.Count == 0)
        {
            return null;
        }

        try
        {
            return Incident.FromTimeline(incidentId, timeline);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{location}: {ex.Message}", ex);
        }
    }
}
