using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.ServiceDefaults.Cases;

/// <summary>
/// Shares and revocations of a case the register has not heard opened yet (they come on other queues than the case
/// opening), kept until it is. Once the case is registered they are merged into it and <see cref="MergedAt"/> is set;
/// the document then stays as a marker, so that a share racing with the opening conflicts with it and is retried.
/// </summary>
public sealed record PendingCaseShares(Guid Id, IReadOnlyList<ShareGrant> Shares, IReadOnlyList<GrantRevocation> Revocations, DateTimeOffset? MergedAt = null)
{
    public RegisteredCase MergeInto(RegisteredCase registered)
    {
        foreach (var share in Shares) registered = registered.WithGrant(share);
        foreach (var revocation in Revocations) registered = registered.WithRevocation(revocation.GrantId, revocation.RevokedAt);
        return registered;
    }
}

/// <summary>
/// Keeps <see cref="RegisteredCase"/> from Identification's events, in every service but Identification. Applied once
/// per message, in any order: shares and revocations heard before the case opening are kept (<see cref="PendingCaseShares"/>),
/// a revocation heard before its share wins over it, and concurrent updates of one case are caught by Marten's
/// optimistic concurrency on both documents and retried by <see cref="IdempotentConsumer{TMessage}"/>, so none is lost.
/// The case opening is registered by <see cref="IdentificationCaseOpenedConsumer"/> in the same transaction as the
/// service's own case is opened (one delivery and one commit per opened case instead of two: issue 18).
/// </summary>
public static class CaseRegister
{
    public static async Task OpenedAsync(IdentificationCaseOpened message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.CaseId == Guid.Empty || !Jurisdictions.IsValid(message.Jurisdiction))
            throw new InvalidMessageException("IdentificationCaseOpened needs a case id and an ISO 3166-1 alpha-2 jurisdiction.");
        // A case without an owner is never registered under a placeholder (it would match every caller with that placeholder):
        // the message goes to the error queue with this reason, for the sender to be fixed.
        if (string.IsNullOrWhiteSpace(message.OwnerOrganisation))
            throw new InvalidMessageException($"IdentificationCaseOpened for case {message.CaseId} names no owner organisation: a case without an owner is not registered.");
        var existing = await session.LoadAsync<RegisteredCase>(message.CaseId, ct);
        var pending = await session.LoadAsync<PendingCaseShares>(message.CaseId, ct);

        var opened = new RegisteredCase(message.CaseId, message.VictimId, message.Jurisdiction, message.OwnerOrganisation,
            message.ChildStatus, message.OpenedAt, []);
        if (existing is not null)
            opened = existing.Grants.Aggregate(opened, (r, g) => r.WithGrant(g)) with { EarlyRevocations = existing.EarlyRevocations };

        switch (pending)
        {
            case null:
                session.Insert(new PendingCaseShares(message.CaseId, [], [], context.Now));
                break;
            case { MergedAt: null }:
                opened = pending.MergeInto(opened);
                session.Store(pending with { MergedAt = context.Now });
                break;
        }
        if (existing is null) session.Insert(opened);
        else session.Store(opened);
    }
}

public sealed class CaseSharedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<CaseSharedConsumer> logger)
    : IdempotentConsumer<CaseShared>(store, service, clock, logger)
{
    protected override Task HandleAsync(CaseShared message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.CaseId == Guid.Empty || message.GrantId == Guid.Empty)
            throw new InvalidMessageException("CaseShared needs a case id and a grant id.");
        var grant = new ShareGrant(message.GrantId, message.GranteeJurisdiction, message.GranteeOrganisation, message.Purpose, message.ExpiresAt);
        return CaseRegisterUpdate.ApplyAsync(session, message.CaseId, r => r.WithGrant(grant), p => p with { Shares = [.. p.Shares, grant] }, ct);
    }
}

public sealed class CaseShareRevokedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<CaseShareRevokedConsumer> logger)
    : IdempotentConsumer<CaseShareRevoked>(store, service, clock, logger)
{
    protected override Task HandleAsync(CaseShareRevoked message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.CaseId == Guid.Empty || message.GrantId == Guid.Empty)
            throw new InvalidMessageException("CaseShareRevoked needs a case id and a grant id.");
        var revocation = new GrantRevocation(message.GrantId, message.RevokedAt);
        return CaseRegisterUpdate.ApplyAsync(session, message.CaseId, r => r.WithRevocation(revocation.GrantId, revocation.RevokedAt),
            p => p with { Revocations = [.. p.Revocations, revocation] }, ct);
    }
}

internal static class CaseRegisterUpdate
{
    /// <summary>
    /// Applies a share or revocation to the registered case, or keeps it for a case not registered yet. Every write is
    /// guarded: an update of a document someone else changed since it was loaded, or an insert of one someone else
    /// inserted, fails at commit and the consumer tries again on the new state.
    /// </summary>
    public static async Task ApplyAsync(IDocumentSession session, Guid caseId, Func<RegisteredCase, RegisteredCase> onRegistered,
        Func<PendingCaseShares, PendingCaseShares> onPending, CancellationToken ct)
    {
        if (await session.LoadAsync<RegisteredCase>(caseId, ct) is { } registered)
        {
            session.Store(onRegistered(registered));
            return;
        }
        switch (await session.LoadAsync<PendingCaseShares>(caseId, ct))
        {
            case null:
                session.Insert(onPending(new PendingCaseShares(caseId, [], [])));
                break;
            case { MergedAt: null } pending:
                session.Store(onPending(pending));
                break;
            default:
                // The case was registered between the two reads: read it again.
                throw new ConcurrentChangeException($"Case {caseId} was registered while a share or revocation was applied to it.");
        }
    }
}

/// <summary>Marks a service whose register is kept from the bus (its documents then use optimistic concurrency).</summary>
public sealed class CaseRegisterKeptFromBus;

public static class CaseRegisterRegistration
{
    /// <summary>The consumers that keep <see cref="RegisteredCase"/> in a service other than Identification (the case opening is
    /// registered by <see cref="IdentificationCaseOpenedConsumer"/>), and the one that erases the service's free text about a
    /// case when Identification erases the person's data.</summary>
    public static void AddCaseRegister(this MassTransit.IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<CaseRegisterKeptFromBus>();
        bus.AddConsumer<PersonalDataErasedConsumer>();
        bus.AddConsumer<CaseSharedConsumer>();
        bus.AddConsumer<CaseShareRevokedConsumer>();
    }
}
