using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.Remedies.Claims;
using Judicial = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.Remedies.Integration;

/// <summary>Money in a message: a positive amount in an ISO 4217 currency, or the message goes to the error queue.</summary>
internal static class RemediesFile
{
    public static Money MoneyOf(decimal amount, string currency, string message) =>
        Currencies.Problem(amount, currency) is null ? new Money(amount, currency) : throw new InvalidMessageException($"{message} needs a positive amount in an ISO 4217 currency.");
}

/// <summary>
/// What Remedies does with the facts from Identification (their consumers are shared): keeps a remedies file for the case,
/// notes consents to transfer (forwarding claims that waited for one) and the countries the person claims protection from
/// (no claim about them is forwarded there; the claim's outcome is recorded in Return, not published: Remedies keeps every
/// claim as standing).
/// </summary>
public sealed class RemediesFacts(IServiceProvider services) : FactsFromIdentification<RemediesCase>
{
    public override IdentificationFact Hears => IdentificationFact.TransferConsents | IdentificationFact.ProtectionClaims;

    protected override FactSources Sources { get; } = new(Claiming.LegalBasis, "Remedies file kept for the case opened by Identification.");

    public override Decision Open(RemediesCase? state, CaseOpening opening, DecisionContext context) =>
        state is not null ? Decision.NothingToDo : Decision.Accept(new RemediesFileOpened(opening.CaseId, opening.Jurisdiction, context.Now));

    public override Task TransferConsentAsync(IDocumentSession session, ConsentRecorded consent, DecisionContext context, CancellationToken ct) =>
        ForwardingOnConsent.NoteAsync(services, session, consent, context, ct);
}

/// <summary>
/// The judicial service's asset events: frozen (for information), confiscated and disposed (value available for the
/// victims), each noted on the case with its value and what became of the asset.
/// </summary>
public abstract class AssetNotedConsumer<TAsset>(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger logger, string status, string reasons)
    : IdempotentConsumer<TAsset>(store, service, clock, logger) where TAsset : class
{
    protected abstract (Guid CaseId, Guid AssetId, decimal Value, string Currency, string Jurisdiction) Asset(TAsset message);

    protected override Task HandleAsync(TAsset message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var (caseId, assetId, value, currency, jurisdiction) = Asset(message);
        return session.ApplyFactAsync<RemediesCase>(caseId, s => NotingAsset.Decide(s, new NotingAsset.NoteAsset(assetId, RemediesFile.MoneyOf(value, currency, typeof(TAsset).Name), jurisdiction, status), context),
            Proceeds.LegalBasis, reasons, ct);
    }
}

public sealed class AssetFrozenConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<AssetFrozenConsumer> logger)
    : AssetNotedConsumer<Judicial.AssetFrozen>(store, service, clock, logger, "frozen", "Asset frozen (judicial service).")
{
    protected override (Guid, Guid, decimal, string, string) Asset(Judicial.AssetFrozen m) => (m.CaseId, m.AssetId, m.EstimatedValue, m.Currency, m.Jurisdiction);
}

public sealed class AssetConfiscatedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<AssetConfiscatedConsumer> logger)
    : AssetNotedConsumer<Judicial.AssetConfiscated>(store, service, clock, logger, "confiscated", "Asset confiscated (judicial service).")
{
    protected override (Guid, Guid, decimal, string, string) Asset(Judicial.AssetConfiscated m) => (m.CaseId, m.AssetId, m.Value, m.Currency, m.Jurisdiction);
}

public sealed class AssetDisposedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<AssetDisposedConsumer> logger)
    : AssetNotedConsumer<Judicial.AssetDisposed>(store, service, clock, logger, "disposed", "Asset disposed of; proceeds realised (judicial service).")
{
    protected override (Guid, Guid, decimal, string, string) Asset(Judicial.AssetDisposed m) => (m.CaseId, m.AssetId, m.Proceeds, m.Currency, m.Jurisdiction);
}

public sealed class ProceedsReturnAnsweredConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ProceedsReturnAnsweredConsumer> logger)
    : IdempotentConsumer<Contracts.Remedies.ProceedsReturnAnswered>(store, service, clock, logger)
{
    private readonly ILogger _logger = logger;

    protected override async Task HandleAsync(Contracts.Remedies.ProceedsReturnAnswered m, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (m.Outcome is not ("granted" or "partly-granted" or "refused")) throw new InvalidMessageException("ProceedsReturnAnswered has an unknown outcome code.");
        var state = await session.Events.AggregateStreamAsync<RemediesCase>(m.CaseId, token: ct);
        if (state?.ProceedsReturns?.Any(r => r.RequestId == m.RequestId) != true)
        {
            _logger.LogInformation("ProceedsReturnAnswered {RequestId} answers no request of this node; ignored", m.RequestId);
            return;
        }
        var returned = m.Outcome == "refused" ? null : RemediesFile.MoneyOf(m.Amount, m.Currency, "ProceedsReturnAnswered");
        await session.ApplyFactAsync<RemediesCase>(m.CaseId, s => RecordingProceedsReturnAnswer.Decide(s, new RecordingProceedsReturnAnswer.RecordProceedsReturnAnswer(m.RequestId, m.AnsweringJurisdiction, m.Outcome, returned), context),
            Proceeds.LegalBasis, $"Answer from {m.AnsweringJurisdiction} to the request for the return of proceeds.", ct);
    }
}

/// <summary>
/// Return, permit expiry or refusal: noted on the remedies file for the record, and nothing else — a claim and
/// its payments never depend on the person's migration status or presence (CTOC/COP/WG.4/2010/7 rec. (h)).
/// </summary>
internal static class MigrationFacts
{
    public const string Basis = "CTOC/COP/WG.4/2010/7 rec. (h); Directive 2004/80/EC — compensation regardless of residence or migration status";

    public static Task NoteAsync(IDocumentSession session, Guid caseId, string fact, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<RemediesCase>(caseId, s => Decision.Accept(new MigrationFactNoted(s.Id, fact, context.Now)), Basis, "Noted for the record; no claim changes.", ct);
}

public sealed class ReturnDepartedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReturnDepartedConsumer> logger)
    : IdempotentConsumer<Contracts.Return.ReturnDeparted>(store, service, clock, logger)
{
    protected override Task HandleAsync(Contracts.Return.ReturnDeparted m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        MigrationFacts.NoteAsync(session, m.CaseId, $"returned-to-{m.ToJurisdiction}", context, ct);
}

public sealed class ResidencePermitExpiredConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ResidencePermitExpiredConsumer> logger)
    : IdempotentConsumer<Contracts.Protection.ResidencePermitExpired>(store, service, clock, logger)
{
    protected override Task HandleAsync(Contracts.Protection.ResidencePermitExpired m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        MigrationFacts.NoteAsync(session, m.CaseId, "residence-permit-expired", context, ct);
}

public sealed class ResidencePermitRefusedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ResidencePermitRefusedConsumer> logger)
    : IdempotentConsumer<Contracts.Protection.ResidencePermitRefused>(store, service, clock, logger)
{
    protected override Task HandleAsync(Contracts.Protection.ResidencePermitRefused m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        MigrationFacts.NoteAsync(session, m.CaseId, "residence-permit-refused", context, ct);
}
