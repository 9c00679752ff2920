using Marten;
using Microsoft.Extensions.Logging;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.ServiceDefaults.Cases;

/// <summary>Keeps <see cref="RegisteredCase"/> from Identification's events, in every service but Identification. Applied once per message.</summary>
public sealed class CaseRegisterConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<CaseRegisterConsumer> logger)
    : IdempotentConsumer<IdentificationCaseOpened>(store, service, clock, logger)
{
    protected override Task HandleAsync(IdentificationCaseOpened message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.CaseId == Guid.Empty || !Jurisdictions.IsValid(message.Jurisdiction))
            throw new InvalidMessageException("IdentificationCaseOpened needs a case id and an ISO 3166-1 alpha-2 jurisdiction.");
        // A case without an owner is never registered under a placeholder (it would match every caller with that placeholder):
        // the message goes to the error queue with this reason, for the sender to be fixed.
        if (string.IsNullOrWhiteSpace(message.OwnerOrganisation))
            throw new InvalidMessageException($"IdentificationCaseOpened for case {message.CaseId} names no owner organisation: a case without an owner is not registered.");
        session.Store(new RegisteredCase(message.CaseId, message.VictimId, message.Jurisdiction, message.OwnerOrganisation,
            message.ChildStatus, message.OpenedAt, []));
        return Task.CompletedTask;
    }
}

public sealed class CaseSharedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<CaseSharedConsumer> logger)
    : IdempotentConsumer<CaseShared>(store, service, clock, logger)
{
    protected override async Task HandleAsync(CaseShared message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        // The case opening may still be on its way (another queue): retried until it is registered.
        var registered = await session.LoadAsync<RegisteredCase>(message.CaseId, ct)
            ?? throw new InvalidOperationException($"Case {message.CaseId} is not registered yet; the share will be retried.");
        session.Store(registered.WithGrant(new ShareGrant(message.GrantId, message.GranteeJurisdiction, message.GranteeOrganisation, message.Purpose, message.ExpiresAt)));
    }
}

public sealed class CaseShareRevokedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<CaseShareRevokedConsumer> logger)
    : IdempotentConsumer<CaseShareRevoked>(store, service, clock, logger)
{
    protected override async Task HandleAsync(CaseShareRevoked message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var registered = await session.LoadAsync<RegisteredCase>(message.CaseId, ct)
            ?? throw new InvalidOperationException($"Case {message.CaseId} is not registered yet; the revocation will be retried.");
        session.Store(registered.WithRevocation(message.GrantId, message.RevokedAt));
    }
}

public static class CaseRegisterRegistration
{
    /// <summary>The consumers that keep <see cref="RegisteredCase"/> in a service other than Identification.</summary>
    public static void AddCaseRegister(this MassTransit.IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CaseRegisterConsumer>();
        bus.AddConsumer<CaseSharedConsumer>();
        bus.AddConsumer<CaseShareRevokedConsumer>();
    }
}
