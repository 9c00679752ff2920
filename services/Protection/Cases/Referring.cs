using TransnationalReferral.Protection.Providers;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// A referral to a provider of the jurisdiction's catalogue: requested only with the person's consent to
/// referral (for a child, the guardian's, after the best-interests assessment, to a child-appropriate
/// provider), to a shelter of the gender the person asks for; then accepted or declined with a reason within
/// the provider's response time (else overdue), started, and completed or not successful with a reason — those
/// decisions the provider takes through the <see cref="ReferralInbox"/>.
/// </summary>
public static class Referring
{
    public const string LegalBasis = "CETS 197 art. 12; TRM-EU SOP 2 — referral to assistance services with the person's informed consent";
    public const string ResponseDeadline = "referral-response";

    /// <param name="GenderSpecific">For accommodation: the person asks for a women-only or men-only shelter.</param>
    /// <param name="ReferralId">Minted by the endpoint; not part of the body.</param>
    public sealed record RequestReferral(string ProviderOrganisation, Need Service, GenderServed? GenderSpecific = null, string? Reasons = null, [property: JsonIgnore] Guid ReferralId = default);

    /// <summary>Whether a provider may serve this person: child-appropriate for a child, the age group, the gender-specific shelter asked for.</summary>
    public static Refusal? Fits(Provider provider, ProtectionCase state, GenderServed? genderAsked)
    {
        if (state.IsChild && !provider.ChildAppropriate)
            return new Refusal("child-appropriate-services", $"The person is a child or presumed child and {provider.Organisation} is not child-appropriate in the catalogue.", ProtectionRules.ChildBasis);
        if (!state.IsChild && !provider.AgeGroups.Contains(AgeGroup.Adults))
            return new Refusal("provider-age-group", $"{provider.Organisation} serves children only.");
        if (genderAsked is { } asked && provider.Gender != asked)
            return new Refusal("shelter-gender-match", $"The person asked for a {Codes.Of(asked)}-only shelter; {provider.Organisation} is {Codes.Of(provider.Gender)}.",
                "Directive 2011/36/EU art. 11(7); CETS 197 art. 12(7) — gender-sensitive assistance");
        return null;
    }

    /// <summary>
    /// Whether the provider can take this referral: active in the catalogue, offering the service, fitting the person
    /// (<see cref="Fits"/>), with room for accommodation, and no referral to it for the same service open already.
    /// </summary>
    public static Refusal? ProviderServes(ProtectionCase state, ProviderAvailability? provider, string organisation, Need service, GenderServed? genderSpecific)
    {
        if (provider is not { Provider.Active: true } found)
            return new Refusal("provider-in-catalogue", $"{organisation} is not an active provider in the {state.Jurisdiction} catalogue.");
        if (!found.Provider.Services.Contains(service))
            return new Refusal("provider-offers-service", $"{organisation} does not offer {Codes.Of(service)} (catalogue).");
        if (genderSpecific is { } asked && (service != Need.SafeAccommodation || asked == GenderServed.Any))
            return new Refusal("gender-specific-shelter", "A gender-specific request (women or men) applies to safe accommodation.");
        if (Fits(found.Provider, state, genderSpecific) is { } misfit) return misfit;
        if (service == Need.SafeAccommodation && !found.HasRoom)
            return Refusal.Conflict("provider-no-free-places", $"{organisation} has no free place; see the shelter matches for the case.");
        if ((state.Referrals ?? []).Any(r => r.IsOpen && r.ProviderOrganisation == organisation && r.Service == service))
            return Refusal.Conflict("referral-already-open", $"A referral to {organisation} for {Codes.Of(service)} is already open.");
        return null;
    }

    public static Decision Decide(ProtectionCase state, RequestReferral command, DecisionContext context, ProviderAvailability? provider)
    {
        if (ProtectionRules.First(ProtectionRules.Active(state), ProtectionRules.BestInterestsFirst(state)) is { } refusal) return refusal;
        if (ProviderServes(state, provider, command.ProviderOrganisation, command.Service, command.GenderSpecific) is { } unfit) return unfit;
        var found = provider!;

        var consent = (state.Consents ?? []).Where(c => !c.Withdrawn && c.Kind == "referral-to-services"
                && (c.Organisations.Count == 0 || c.Organisations.Contains(command.ProviderOrganisation)))
            .FirstOrDefault(c => !state.IsChild || c.GivenBy == "guardian");
        if (consent is null)
            return state.IsChild
                ? new Refusal("child-referral-needs-guardian-consent", "The person is a child or presumed child: a referral needs the guardian's consent to referral.", "CETS 197 art. 10(4); Directive 2011/36/EU art. 14",
                    Next: "POST /api/identification/cases/{caseId}/consents")
                : new Refusal("referral-needs-consent", $"A referral to {command.ProviderOrganisation} needs the person's consent to referral to services.", "GDPR art. 9(2)(a); TRM-EU SOP 2",
                    Next: "POST /api/identification/cases/{caseId}/consents");

        return Decision.Accept(new ReferralRequested(state.Id, command.ReferralId, command.ProviderOrganisation, command.Service, consent.ConsentId, context.Now,
            state.Jurisdiction, state.IsChild, context.Now.AddHours(found.Provider.ResponseTimeHours), command.GenderSpecific));
    }

    public static RouteGroupBuilder MapReferring(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/referrals", (Guid caseId, RequestReferral command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestAsync(session, caseId, http, command.ProviderOrganisation, (state, context, provider, referralId) => Decide(state, command with { ReferralId = referralId }, context, provider),
                    new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RequestReferral",
            "Refer the person to a provider of the catalogue (needs consent to referral — the guardian's for a child; child-appropriate for a child; the gender-specific shelter the person asks for). The provider answers within its response time. 201: Location is the referral (GET it for its own ETag).")
            .Produces<ReferralCreated>(StatusCodes.Status201Created);
        return cases;
    }

    /// <summary>
    /// A referral of the case to a provider of the case's jurisdiction: the provider looked up in the catalogue, a new
    /// referral id minted, the response deadline scheduled with the decision, 201 with the referral as Location. The time
    /// from the signal to the first placement is recorded when this referral is the one that places the person.
    /// </summary>
    public static async Task<IResult> RequestAsync(IDocumentSession session, Guid caseId, HttpContext http, string providerOrganisation,
        Func<ProtectionCase, DecisionContext, ProviderAvailability?, Guid, Decision> decide, DecisionBasis basis, CancellationToken ct)
    {
        if (!OrganisationCodes.IsValid(providerOrganisation)) return Problems.Invalid("providerOrganisation", $"the provider's organisation code: {OrganisationCodes.Format}.");
        var provider = await session.FindAsync(http.RegisteredCase().Jurisdiction, providerOrganisation, ct);
        var referralId = Guid.CreateVersion7();
        return await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => decide(state, context, provider, referralId), basis, ct,
            whenAccepted: async events =>
            {
                if (events.OfType<ReferralRequested>().FirstOrDefault() is { RespondBy: { } due })
                    await session.ScheduleAsync(caseId, ResponseDeadline, due, ct, subject: referralId);
            },
            creates: new Creates($"/api/protection/referrals/{referralId}", version => new ReferralCreated(caseId, referralId, version)));
    }
}

/// <summary>A referral requested: the new referral's id, its case, and the case's new version (the ETag of this answer; the referral has its own, from its GET).</summary>
public sealed record ReferralCreated(Guid CaseId, Guid ReferralId, long Version);

/// <summary>A referral with no answer by the provider's response time is overdue: an alert event; the referral stays open.</summary>
public sealed class ReferralResponseOverdue : IDeadlineHandler
{
    public string Kind => Referring.ResponseDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ProtectionCase>(deadline.CaseId, ct);
        if (stream.Aggregate?.Referrals?.FirstOrDefault(r => r.ReferralId == deadline.Subject) is not { Status: ReferralStatus.Requested, Overdue: false } referral) return;
        stream.AppendOne(new ReferralOverdue(deadline.CaseId, referral.ReferralId, referral.ProviderOrganisation, deadline.DueAt, context.Now));
        session.Record(new DecisionBasis(Referring.LegalBasis, $"No answer from {referral.ProviderOrganisation} within its response time."));
    }
}
