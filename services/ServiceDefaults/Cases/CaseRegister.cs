using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.ServiceDefaults.Cases;

/// <summary>
/// A case this service has been told about by Identification, before it has taken any decision of its own:
/// the jurisdiction that holds it (for scoping) and the child status (child protections apply from the start).
/// No personal data.
/// </summary>
public sealed record KnownCase(Guid Id, Guid VictimId, string Jurisdiction, string ChildStatus, DateTimeOffset OpenedAt, DateTimeOffset KnownSince) : ICaseState;

/// <summary>Keeps the register of known cases from <see cref="IdentificationCaseOpened"/>; applied once per message.</summary>
public sealed class CaseRegisterConsumer(IDocumentStore store, ServiceIdentity service, ILogger<CaseRegisterConsumer> logger)
    : IdempotentConsumer<IdentificationCaseOpened>(store, service, logger)
{
    protected override Task HandleAsync(IdentificationCaseOpened message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.CaseId == Guid.Empty || !Jurisdictions.IsValid(message.Jurisdiction))
            throw new InvalidMessageException("IdentificationCaseOpened needs a case id and an ISO 3166-1 alpha-2 jurisdiction.");
        session.Store(new KnownCase(message.CaseId, message.VictimId, message.Jurisdiction, message.ChildStatus, message.OpenedAt, context.Now));
        return Task.CompletedTask;
    }
}

public static class CaseRegisterEndpoints
{
    /// <summary><c>GET {group}/cases/{id}</c>: what this service knows of a case it has not decided on yet.</summary>
    public static RouteGroupBuilder MapCaseRegister(this RouteGroupBuilder group)
    {
        group.MapGet("/cases/{caseId:guid}", async (Guid caseId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            await session.LoadAsync<KnownCase>(caseId, ct) is { } known && known.IsVisibleTo(http.Actor())
                ? Results.Ok(known)
                : Problems.NotFound("The case"))
            .RequireAuthorization(Policies.ReadCase)
            .WithName("GetKnownCase")
            .WithSummary("A case known to this service (opened by Identification), with its jurisdiction and child status.")
            .Produces<KnownCase>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }
}
