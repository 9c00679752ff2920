using JasperFx.Events;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.Identification.Cases;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.Identification.Integration;

/// <summary>Which of the service's decisions other services hear about, and in what words. One explicit map.</summary>
public sealed class Outgoing : IOutgoingMap
{
    public object? ToIntegrationEvent(IEvent @event) => @event.Data switch
    {
        CaseOpened e => new IdentificationCaseOpened(e.CaseId, e.VictimId, e.Jurisdiction, Codes.Of(e.Source), Codes.Of(e.Sex),
            Codes.Of(e.AgeGroup), Codes.Of(e.ChildStatus), e.OpenedAt),
        _ => null,
    };
}
