using static TransnationalReferral.JudicialCooperation.Requests.RecordingIdentityMatch;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>
/// A partner's request names the persons it prosecutes or seeks by keyed hashes of their identity documents (pure): it is
/// held until Identification answered whether any is a victim recognised here, and a match holds it for the same
/// non-punishment review as a victim named by this node's case id.
/// </summary>
public class NonPunishmentMatchRules
{
    private static readonly string Hash = new('a', 64);
    private static readonly Guid PartnersCaseReference = Guid.NewGuid();
    private static readonly Guid VictimHere = Guid.NewGuid();

    /// <summary>An extradition request from RO (its own case reference), carrying <paramref name="keys"/>, registered and acknowledged.</summary>
    private static JudicialRequest FromPartner(params RegisteringIncomingRequest.IdentityKey[] keys)
    {
        var decision = RegisteringIncomingRequest.Decide(null, new RegisterIncoming(Guid.NewGuid(), RequestType.Extradition, "NL", "RO", false,
            [new Person(PartnersCaseReference, PersonRole.Victim)], [], Now.AddDays(30)), Prosecutor, None, keys);
        var s = decision.Events.Aggregate((JudicialRequest?)null, (x, e) => JudicialRequest.Fold(x, e))!;
        s = s.Apply(AcknowledgingRequest.Decide(s, new AcknowledgingRequest.Acknowledge(), Prosecutor));
        return s;
    }

    [Test]
    public void Keyed_hashes_of_the_person_sought_are_matched_those_of_victims_are_not()
    {
        var decision = RegisteringIncomingRequest.Decide(null, new RegisterIncoming(Guid.NewGuid(), RequestType.Extradition, "NL", "RO", false, [new Person(PartnersCaseReference, PersonRole.Victim)], [], Now.AddDays(30)),
            Prosecutor, None, [new(PersonRole.PersonSought, $"k1:{Hash}"), new(PersonRole.Victim, $"k1:{new string('b', 64)}")]);
        var asked = decision.Events.OfType<IdentityMatchRequested>().Single();
        Assert.That(asked.Keys, Is.EqualTo(new[] { $"k1:{Hash}" }));
        Assert.That(asked.Counterpart, Is.EqualTo("RO"));

        var aboutVictimsOnly = RegisteringIncomingRequest.Decide(null, new RegisterIncoming(Guid.NewGuid(), RequestType.MlaTestimony, "NL", "RO", false, [new Person(PartnersCaseReference, PersonRole.Victim)], [], Now.AddDays(30)),
            Prosecutor, None, [new(PersonRole.Victim, $"k1:{Hash}")]);
        Assert.That(aboutVictimsOnly.Events.OfType<IdentityMatchRequested>(), Is.Empty, "nothing to match: nobody is prosecuted");
    }

    [Test]
    public void A_request_whose_match_is_pending_cannot_start_execution()
    {
        var request = FromPartner(new RegisteringIncomingRequest.IdentityKey(PersonRole.PersonSought, $"k1:{Hash}"));
        request = request.Apply(AssessingVictimImpact.Decide(request, new AssessingVictimImpact.AssessImpact(RiskLevel.Medium, [], Modality.VideoConference, "x"), Prosecutor));
        Assert.That(request.IdentityMatch, Is.EqualTo(IdentityMatchStage.Pending));
        var refusal = Decide(request, new StartExecution(), Prosecutor, None).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("non-punishment-match-pending"));
        Assert.That(refusal.LegalSource, Does.Contain("CETS 197 art. 26"));

        var nobody = request.Apply(Decide(request, new RecordIdentityMatch([]), Prosecutor));
        Assert.That(nobody.IdentityMatch, Is.EqualTo(IdentityMatchStage.Answered));
        Assert.That(Decide(nobody, new StartExecution(), Prosecutor, None).IsRefused, Is.False, "nobody recognised here: executed as any");
    }

    [Test]
    public void A_request_matched_to_a_recognised_victim_cannot_start_execution_before_the_non_punishment_review()
    {
        var request = FromPartner(new RegisteringIncomingRequest.IdentityKey(PersonRole.PersonSought, $"k1:{Hash}"));
        request = request.Apply(AssessingVictimImpact.Decide(request, new AssessingVictimImpact.AssessImpact(RiskLevel.Medium, [], Modality.VideoConference, "x"), Prosecutor));
        var matched = Decide(request, new RecordIdentityMatch([VictimHere]), Prosecutor);
        Assert.That(matched.Events.OfType<NonPunishmentReviewRequired>().Single().CaseId, Is.EqualTo(VictimHere), "flagged: the victim's case here");
        request = request.Apply(matched);

        Assert.That(Decide(request, new StartExecution(), Prosecutor, None).Refusal?.Rule, Is.EqualTo("non-punishment-review-first"));
        Assert.That(Decide(request, new RecordIdentityMatch([]), Prosecutor).Events, Is.Empty, "only the first answer counts");

        var compelled = request.Apply(Decide(request, new ReviewNonPunishment(VictimHere, true, "Forced to transport drugs by the trafficker"), Prosecutor));
        Assert.That(Decide(compelled, new StartExecution(), Prosecutor, None).Refusal?.Rule, Is.EqualTo("non-punishment"));
        var notCompelled = request.Apply(Decide(request, new ReviewNonPunishment(VictimHere, false, "Offence unrelated to the trafficking"), Prosecutor));
        Assert.That(Decide(notCompelled, new StartExecution(), Prosecutor, None).IsRefused, Is.False);
    }
}
