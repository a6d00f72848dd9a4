using CrisisKit.Escalation;
using CrisisKit.Incidents;
using Orleans;

namespace CrisisKit.Orleans;

/// <summary>An <see cref="IncidentActionException"/> on the wire, so a refused action reaches the caller of an <see cref="IIncidentGrain"/> as the type the in-process engine throws.</summary>
[GenerateSerializer, Immutable]
internal readonly struct IncidentActionExceptionSurrogate
{
    [Id(0)] public string Message { get; init; }
}

/// <summary>Converts <see cref="IncidentActionException"/> for Orleans' serializer (its message; the stack stays on the silo's log).</summary>
[RegisterConverter]
internal sealed class IncidentActionExceptionConverter : IConverter<IncidentActionException, IncidentActionExceptionSurrogate>
{
    public IncidentActionException ConvertFromSurrogate(in IncidentActionExceptionSurrogate surrogate) => new(surrogate.Message);

    public IncidentActionExceptionSurrogate ConvertToSurrogate(in IncidentActionException value) => new() { Message = value.Message };
}

/// <summary>An <see cref="IncidentTransitionException"/> on the wire.</summary>
[GenerateSerializer, Immutable]
internal readonly struct IncidentTransitionExceptionSurrogate
{
    [Id(0)] public string IncidentId { get; init; }

    [Id(1)] public int From { get; init; }

    [Id(2)] public int To { get; init; }

    [Id(3)] public string Message { get; init; }
}

/// <summary>Converts <see cref="IncidentTransitionException"/> for Orleans' serializer.</summary>
[RegisterConverter]
internal sealed class IncidentTransitionExceptionConverter : IConverter<IncidentTransitionException, IncidentTransitionExceptionSurrogate>
{
    public IncidentTransitionException ConvertFromSurrogate(in IncidentTransitionExceptionSurrogate surrogate) =>
        new(surrogate.IncidentId, (IncidentStatus)surrogate.From, (IncidentStatus)surrogate.To, surrogate.Message);

    public IncidentTransitionExceptionSurrogate ConvertToSurrogate(in IncidentTransitionException value) =>
        new() { IncidentId = value.IncidentId, From = (int)value.From, To = (int)value.To, Message = value.Message };
}
