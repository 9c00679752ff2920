using static TransnationalReferral.Identification.Cases.AnsweringOwnDataRequest;
using static TransnationalReferral.Identification.Cases.RecordingOwnDataRequest;

namespace TransnationalReferral.Identification.Tests;

/// <summary>The person's request for their own data (GDPR art. 15): who may ask, one open at a time, a month to answer, answered by the focal point.</summary>
public class OwnDataRequestRules
{
    private static RecordOwnDataRequest Request(OwnDataRequester by = OwnDataRequester.Person, string? representative = null) =>
        new(by, Given.Now.AddDays(-1), "ro", representative, RequestId: Guid.NewGuid());

    private static Guid RecordedId(IdentificationCase state) => state.OwnDataRequests.Single(r => r.IsOpen).RequestId;

    [Test]
    public void A_request_is_due_one_month_after_it_was_received()
    {
        var recorded = (OwnDataRequestRecorded)RecordingOwnDataRequest.Decide(Given.Signalled(), Request(), Given.FocalPoint).Events.Single();
        Assert.That(recorded.DueAt, Is.EqualTo(Given.Now.AddDays(-1).AddMonths(1)));
        Assert.That((recorded.Language, recorded.RequestedBy), Is.EqualTo(("ro", OwnDataRequester.Person)));
    }

    [Test]
    public void Own_data_request_guardian_for_a_child()
    {
        var refused = RecordingOwnDataRequest.Decide(Given.Signalled(), Request(OwnDataRequester.Guardian, "nl-nidos"), Given.FocalPoint);
        Assert.That(refused.Refusal?.Rule, Is.EqualTo("own-data-request-guardian-for-a-child"));
    }

    [Test]
    public void Own_data_request_by_appointed_guardian()
    {
        var child = Given.Signalled(AgeGroup.From12To17);
        var beforeAppointment = RecordingOwnDataRequest.Decide(child, Request(OwnDataRequester.Guardian, "nl-nidos"), Given.FocalPoint);
        Assert.That((beforeAppointment.Refusal?.Rule, beforeAppointment.Refusal?.Next), Is.EqualTo(("own-data-request-by-appointed-guardian", "POST /api/identification/cases/{caseId}/guardian")));
        var withGuardian = child.Then(new GuardianAppointed(child.Id, "nl-nidos", "G-1", Given.Now));
        Assert.That(RecordingOwnDataRequest.Decide(withGuardian, Request(OwnDataRequester.Guardian, "nl-other"), Given.FocalPoint).Refusal?.Rule, Is.EqualTo("own-data-request-by-appointed-guardian"));
        Assert.That(RecordingOwnDataRequest.Decide(withGuardian, Request(OwnDataRequester.Guardian, "nl-nidos"), Given.FocalPoint).Refusal, Is.Null);
    }

    [Test]
    public void Own_data_request_representative_named()
    {
        Assert.That(RecordingOwnDataRequest.Decide(Given.Signalled(), Request(OwnDataRequester.Lawyer), Given.FocalPoint).Refusal?.Rule, Is.EqualTo("own-data-request-representative-named"));
        Assert.That(RecordingOwnDataRequest.Decide(Given.Signalled(), Request(OwnDataRequester.Lawyer, "nl-legal-aid"), Given.FocalPoint).Refusal, Is.Null);
    }

    [Test]
    public void One_open_own_data_request()
    {
        var state = Given.Signalled().Apply(RecordingOwnDataRequest.Decide(Given.Signalled(), Request(), Given.FocalPoint));
        var again = RecordingOwnDataRequest.Decide(state, Request(), Given.FocalPoint);
        Assert.That((again.Refusal?.Rule, again.Refusal?.Kind), Is.EqualTo(("one-open-own-data-request", RefusalKind.StateConflict)));
    }

    [Test]
    public void Own_data_export_by_focal_point()
    {
        var state = Given.Signalled();
        state = state.Apply(RecordingOwnDataRequest.Decide(state, Request(), Given.FocalPoint));
        var answer = new AnswerOwnDataRequest(OwnDataFormat.Html, "ro", Given.Now);
        Assert.That(AnsweringOwnDataRequest.Decide(state, RecordedId(state), answer, Given.As("CaseWorker", "nl-focal-point")).Refusal?.Rule, Is.EqualTo("own-data-export-by-focal-point"));
        var foreign = new DecisionContext(new Actor("u2", "FocalPoint", "be-focal-point", "BE"), Given.Now);
        Assert.That(AnsweringOwnDataRequest.Decide(state, RecordedId(state), answer, foreign).Refusal?.Rule, Is.EqualTo("own-data-export-by-focal-point"));
    }

    [Test]
    public void Own_data_export_needs_open_request()
    {
        var state = Given.Signalled();
        var answer = new AnswerOwnDataRequest(OwnDataFormat.Html, "ro", Given.Now);
        var refused = AnsweringOwnDataRequest.Decide(state, Guid.NewGuid(), answer, Given.FocalPoint);
        Assert.That((refused.Refusal?.Rule, refused.Refusal?.Next), Is.EqualTo(("own-data-export-needs-open-request", "POST /api/identification/cases/{caseId}/own-data-requests")));

        state = state.Apply(RecordingOwnDataRequest.Decide(state, Request(), Given.FocalPoint));
        var id = RecordedId(state);
        state = state.Apply(AnsweringOwnDataRequest.Decide(state, id, answer, Given.FocalPoint));
        Assert.That(AnsweringOwnDataRequest.Decide(state, id, answer, Given.FocalPoint).Refusal?.Rule, Is.EqualTo("own-data-export-needs-open-request"), "answered once");
    }

    [Test]
    public void Own_data_answer_after_request()
    {
        var state = Given.Signalled();
        state = state.Apply(RecordingOwnDataRequest.Decide(state, Request(), Given.FocalPoint));
        var refused = AnsweringOwnDataRequest.Decide(state, RecordedId(state), new AnswerOwnDataRequest(OwnDataFormat.Json, "ro", Given.Now.AddDays(-3)), Given.FocalPoint);
        Assert.That(refused.Refusal?.Rule, Is.EqualTo("own-data-answer-after-request"));
    }

    [Test]
    public void An_answer_after_the_month_is_recorded_as_late_and_an_unanswered_request_is_marked_overdue()
    {
        var state = Given.Signalled();
        state = state.Apply(RecordingOwnDataRequest.Decide(state, Request(), Given.FocalPoint));
        var request = state.OwnDataRequests.Single();
        state = state.Then(new OwnDataRequestOverdue(state.Id, request.RequestId, request.DueAt));
        Assert.That(state.OwnDataRequests.Single().Overdue, Is.True);
        var late = (OwnDataRequestAnswered)AnsweringOwnDataRequest.Decide(state, request.RequestId, new AnswerOwnDataRequest(OwnDataFormat.Html, "ro", request.DueAt.AddDays(1)),
            Given.As("FocalPoint", at: request.DueAt.AddDays(2))).Events.Single();
        Assert.That(late.Late, Is.True);
    }
}
