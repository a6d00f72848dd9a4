using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrisisKit.Incidents;

/// <summary>System.Text.Json source-generated contracts for incident timelines (what stores write).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IncidentEvent))]
[JsonSerializable(typeof(List<IncidentEvent>))]
internal sealed partial class IncidentJsonContext : JsonSerializerContext;

/// <summary>Reads and writes timeline events as JSON (one object per event, with a <c>type</c> discriminator). Stores use it.</summary>
public static class IncidentEventJson
{
    /// <summary>One event as JSON.</summary>
    /// <param name="incidentEvent">The event.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(IncidentEvent incidentEvent) => JsonSerializer.Serialize(incidentEvent, IncidentJsonContext.Default.IncidentEvent);

    /// <summary>One event from JSON written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The event.</returns>
    /// <exception cref="JsonException">The text is not an incident event.</exception>
    public static IncidentEvent Deserialize(string json) =>
        JsonSerializer.Deserialize(json, IncidentJsonContext.Default.IncidentEvent) ?? throw new JsonException("The JSON holds null, not an incident event.");
}
