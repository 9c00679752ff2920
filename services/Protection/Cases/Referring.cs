using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// A referral to a service provider: requested only with the person's consent to referral (for a child, the
/// guardian's), then accepted or declined with a reason, then completed or not successful with a reason.
/// </summary>
public static class Referring
{
    public const string LegalBasis = "CETS 197 art. 12; TRM-EU SOP 2 — referral to assistance services with the person's informed consent";

    public sealed record RequestReferral(string ProviderOrganisation, Need Service, string? Reasons = null);

    public sealed record AnswerReferral(bool Accepted, string? Reasons = null);

    public sealed record ConcludeReferral(bool Successful, string Reasons);

    public static Decision Decide(ProtectionCase state, RequestReferral command, Guid referralId, DecisionContext context)
    {
        if (state.Stage != ProtectionStage.Entitled)
            return Refusal.Conflict("assistance-from-reasonable-grounds", "Referrals follow the entitlement to assistance (the reasonable-grounds decision).");
        var consents = (state.Consents ?? []).Where(c => !c.Withdrawn && c.Kind == "referral-to-services"
            && (c.Organisations.Count == 0 || c.Organisations.Contains(command.ProviderOrganisation))).ToList();
        var isChild = state.ChildStatus is ChildStatus.Child or ChildStatus.PresumedChild;
        var consent = consents.FirstOrDefault(c => !isChild || c.GivenBy == "guardian");
        if (consent is null)
            return isChild
                ? new Refusal("child-referral-needs-guardian-consent", "The person is a child or presumed child: a referral needs the guardian's consent to referral.", "CETS 197 art. 10(4); Directive 2011/36/EU art. 14")
                : new Refusal("referral-needs-consent", $"A referral to {command.ProviderOrganisation} needs the person's consent to referral to services.", "GDPR art. 9(2)(a); TRM-EU SOP 2");
        return Decision.Accept(new ReferralRequested(state.Id, referralId, command.ProviderOrganisation, command.Service, consent.ConsentId, context.Now));
    }

    public static Decision Decide(ProtectionCase state, Guid referralId, AnswerReferral command, DecisionContext context) =>
        (state.Referrals ?? []).FirstOrDefault(r => r.ReferralId == referralId) switch
        {
            null => Refusal.Conflict("referral-unknown", $"No referral {referralId} on this case."),
            { Status: not ReferralStatus.Requested } => Refusal.Conflict("referral-already-answered", "This referral was already answered."),
            _ when !command.Accepted && string.IsNullOrWhiteSpace(command.Reasons) => new Refusal("referral-decline-reason", "A provider that declines a referral says why."),
            _ => Decision.Accept(new ReferralAnswered(state.Id, referralId, command.Accepted, context.Now)),
        };

    public static Decision Decide(ProtectionCase state, Guid referralId, ConcludeReferral command, DecisionContext context) =>
        (state.Referrals ?? []).FirstOrDefault(r => r.ReferralId == referralId) switch
        {
            null => Refusal.Conflict("referral-unknown", $"No referral {referralId} on this case."),
            { Status: not ReferralStatus.Accepted } => Refusal.Conflict("referral-not-in-progress", "Only an accepted referral is concluded."),
            _ => Decision.Accept(new ReferralConcluded(state.Id, referralId, command.Successful, context.Now)),
        };

    public static RouteGroupBuilder MapReferring(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/referrals", async (Guid caseId, RequestReferral command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.ProviderOrganisation) || command.ProviderOrganisation.Length > 100
                    ? Problems.Invalid("providerOrganisation", "the provider's organisation code (at most 100 characters).")
                    : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, Guid.CreateVersion7(), context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RequestReferral", "Refer the person to a service provider (needs consent to referral; the guardian's for a child). Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/referrals/{referralId:guid}/answer", async (Guid caseId, Guid referralId, AnswerReferral command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, referralId, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "AnswerReferral", "The provider accepts or declines (with a reason) the referral. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/referrals/{referralId:guid}/outcome", async (Guid caseId, Guid referralId, ConcludeReferral command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons)
                    ? Problems.Invalid("reasons", "the outcome, or why it was not successful.")
                    : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, referralId, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "ConcludeReferral", "Record the referral's outcome: completed, or not successful with the reason. Needs If-Match.");
        return cases;
    }
}
