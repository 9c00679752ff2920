using JudicialCrossing = TransnationalReferral.JudicialCooperation.Integration.JudicialCrossing;
using MutualLegalAssistanceCrossingBorder = TransnationalReferral.JudicialCooperation.Integration.MutualLegalAssistanceCrossingBorder;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>The rules of judicial and police cooperation across the signed exchange, one named test each.</summary>
public class CrossingRules
{
    private static readonly AssessingVictimImpact.AssessImpact Impact = new(RiskLevel.Medium, [ProtectiveMeasure.VideoTestimony], Modality.VideoConference, "Testifies by video");

    [Test]
    public void Never_to_country_of_claimed_protection()
    {
        // The victim's judicial file hears Identification's record of the claim (the fact every service notes the shared way).
        var file = OpenedFile();
        file = CaseFile.Fold(file, new ProtectionClaimNoted(file.Id, "RO", Now))!;
        file = CaseFile.Fold(file, new ProtectionClaimNoted(file.Id, "RO", Now))!;
        Assert.That(file.ProtectionClaimedFrom, Is.EqualTo(new[] { "RO" }), "noted once");

        // At the decision: a request naming the person is never sent to the country they claim protection from (RO here).
        var request = Outgoing();
        request = request.Apply(AssessingVictimImpact.Decide(request, Impact, Prosecutor));
        var refusal = SendingRequest.Decide(request, new SendingRequest.Send(), Prosecutor, TimeSpan.FromDays(90), ["RO"]).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("never-to-country-of-claimed-protection"));
        Assert.That(refusal.LegalSource, Does.Contain("1951 Refugee Convention art. 33"));
        Assert.That(refusal.Next, Is.Null, "no decision unblocks it");
        Assert.That(SendingRequest.Decide(request, new SendingRequest.Send(), Prosecutor, TimeSpan.FromDays(90), ["SY"]).IsRefused, Is.False, "a claim against another country");

        // At the border: the mutual legal assistance request as it would leave, with the claims as its grounds.
        var mla = new CrossBorderRequest(request.Id, CrossBorderPurposes.MutualLegalAssistance, "NL", "RO", Victim, false, ["mla-video-testimony", "victim-witness"],
            TransferBases.LegalBasis, MutualLegalAssistanceCrossingBorder.MlaLegalBasis, HandlingCodes.PurposeOnly, Now.AddDays(90), Now);
        using var body = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(mla, CrossBorderJson.Options));
        Assert.That(CrossBorderGates.Check("NL", "RO", typeof(CrossBorderRequest), body.RootElement,
            TransferGrounds.OnLegalBasis(MutualLegalAssistanceCrossingBorder.MlaLegalBasis, file.ProtectionClaimedFrom!), ["RO", "BE"])?.Rule,
            Is.EqualTo("never-to-country-of-claimed-protection"));
        Assert.That(CrossBorderGates.Check("NL", "RO", typeof(CrossBorderRequest), body.RootElement,
            TransferGrounds.OnLegalBasis(MutualLegalAssistanceCrossingBorder.MlaLegalBasis, []), ["RO", "BE"]), Is.Null, "without a claim it leaves");
    }

    [Test]
    public void A_victims_notification_from_the_requested_state_is_recorded_once_on_the_request()
    {
        var extradition = Outgoing(RequestType.Extradition, new Person(Victim, PersonRole.Victim), new Person(Suspect, PersonRole.PersonSought));
        extradition = extradition.Apply(AssessingVictimImpact.Decide(extradition, Impact, Prosecutor)).Sent();
        var notification = new VictimNotificationReceived(extradition.Id, Victim, Movement.Surrender, NotifiedThrough.Lawyer, "RO", Now, Now);
        extradition = extradition.Apply(HearingAnswer.Decide(extradition, new HearingAnswer.HearAnswer("RO", notification), Prosecutor));
        Assert.That(extradition.VictimNotificationsReceived!.Single().Through, Is.EqualTo(NotifiedThrough.Lawyer));
        Assert.That(HearingAnswer.Decide(extradition, new HearingAnswer.HearAnswer("RO", notification), Prosecutor).Events, Is.Empty, "a repeated message changes nothing");
        Assert.That(HearingAnswer.Decide(extradition, new HearingAnswer.HearAnswer("BG", notification), Prosecutor).Refusal?.Rule, Is.EqualTo("answer-unexpected"), "only from the requested state");
        var executed = extradition.Then(new RequestExecuted(extradition.Id, Direction.Outgoing, "NL", false, Now));
        Assert.That(HearingAnswer.Decide(executed, new HearingAnswer.HearAnswer("RO", notification with { Movement = Movement.Release }), Prosecutor).Events, Has.Count.EqualTo(1),
            "a release notified after the surrender is still recorded");
        Assert.That(JudicialCrossing.PurposeOf(RequestType.Extradition), Is.EqualTo(CrossBorderPurposes.Extradition));
        Assert.That(JudicialCrossing.PurposeOf(RequestType.MlaRecords), Is.EqualTo(CrossBorderPurposes.MutualLegalAssistance));
        Assert.That(JudicialCrossing.PurposeOf(RequestType.JointInvestigationTeam), Is.EqualTo(CrossBorderPurposes.JointInvestigation), "every form crosses");
    }
}
