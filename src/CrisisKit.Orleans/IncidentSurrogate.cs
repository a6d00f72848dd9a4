using CrisisKit.Incidents;
using Orleans;

namespace CrisisKit.Orleans;

/// <summary>An <see cref="Incident"/> on the wire: its id and its timeline as JSON events (<see cref="IncidentEventJson"/>), the form the stores keep.</summary>
[GenerateSerializer, Immutable]
internal readonly struct IncidentSurrogate
{
    [Id(0)] public string Id { get; init; }

    [Id(1)] public string[] Timeline { get; init; }
}

/// <summary>Converts incidents to and from <see cref="IncidentSurrogate"/> for Orleans' serializer.</summary>
[RegisterConverter]
internal sealed class IncidentSurrogateConverter : IConverter<Incident, IncidentSurrogate>
{
    public Incident ConvertFromSurrogate(in IncidentSurrogate surrogate) =>
        Incident.FromTimeline(surrogate.Id, [.. surrogate.Timeline.Select(IncidentEventJson.Deserialize)]);

    public IncidentSurrogate ConvertToSurrogate(in Incident value) =>
        new() { Id = value.Id, Timeline = [.. value.Timeline.Select(IncidentEventJson.Serialize)] };
}
