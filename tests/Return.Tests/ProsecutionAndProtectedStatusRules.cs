namespace TransnationalReferral.Return.Tests;

/// <summary>
/// A return does not obstruct the prosecution, and a forced return never reaches a person the reflection period or a
/// residence permit protects: each a named rule (409 with the rule, its legal source and where it names one, <c>next</c>).
/// </summary>
public class ProsecutionAndProtectedStatusRules
{
    private static string? Departure(ReturnCase s) => Decide(s, new Depart(), FocalPoint).Refusal?.Rule;

    private static Decision Coordinate(ReturnCase s, ProsecutionCoordination outcome, string reference = "OM-2026-118/coordination") =>
        CoordinatingWithProsecution.Decide(s, new CoordinatingWithProsecution.CoordinateWithProsecution(outcome, reference), FocalPoint);

    private static Decision Order(ReturnCase s) => RecordingForcedReturnOrder.Decide(s, new RecordingForcedReturnOrder.RecordForcedReturnOrder("Order IND-2026-4411"), FocalPoint);

    [Test]
    public void Return_coordinated_with_prosecution()
    {
        var ready = Ready().ReadyToDepart();
        Assert.That(Departure(ready), Is.Null, "no proceedings: nothing to coordinate");

        var witness = ready.NamedAsWitness();
        var refusal = Decide(witness, new Depart(), FocalPoint).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("return-coordinated-with-prosecution"));
        Assert.That(refusal.Kind, Is.EqualTo(RefusalKind.StateConflict), "409");
        Assert.That(refusal.Next, Is.EqualTo("POST /api/return/cases/{caseId}/prosecution-coordination"));
        Assert.That(refusal.LegalSource, Does.Contain("CETS 197 art. 16(1)"));
        Assert.That(refusal.Detail, Does.Contain("OM-2026-118"));
        Assert.That(ReturnGates.Pending(witness).Select(g => g.Rule), Does.Contain("return-coordinated-with-prosecution"), "the gates list shows what departure checks");

        foreach (var outcome in Enum.GetValues<ProsecutionCoordination>())
        {
            var coordinated = witness.Apply(Coordinate(witness, outcome));
            Assert.That(Departure(coordinated), Is.Null, $"{outcome}: departure passes");
            Assert.That(coordinated.Proceedings!.Single().Coordinated, Is.EqualTo(outcome));
        }

        // A victim named (not only a victim-witness) is coordinated too: the prosecutor may simply state that the departure does not obstruct.
        Assert.That(Departure(ready.NamedAsWitness(role: "victim")), Is.EqualTo("return-coordinated-with-prosecution"));
    }

    [Test]
    public void Return_coordinated_with_prosecution_covers_the_proceedings_open_when_it_was_recorded()
    {
        var coordinated = Ready().ReadyToDepart().NamedAsWitness();
        coordinated = coordinated.Apply(Coordinate(coordinated, ProsecutionCoordination.TestimonySecured));
        var later = coordinated.NamedAsWitness("OM-2026-207");
        Assert.That(Departure(later), Is.EqualTo("return-coordinated-with-prosecution"), "proceedings named later need their own coordination");
        Assert.That(Decide(later, new Depart(), FocalPoint).Refusal!.Detail, Does.Contain("OM-2026-207"));
        var second = Coordinate(later, ProsecutionCoordination.DepartureDoesNotObstruct);
        Assert.That(second.Events.OfType<ProsecutionCoordinated>().Single().ProceedingsReferences, Is.EqualTo(new[] { "OM-2026-207" }));
        Assert.That(Departure(later.Apply(second)), Is.Null);
    }

    [Test]
    public void Closed_proceedings_no_longer_hold_the_return()
    {
        var witness = Ready().ReadyToDepart().NamedAsWitness();
        var closed = witness.Apply(NotingVictimWitness.ProceedingsClosed(witness, "OM-2026-118", Now, FocalPoint));
        Assert.That(Departure(closed), Is.Null);
        Assert.That(NotingVictimWitness.ProceedingsClosed(closed, "OM-2026-118", Now, FocalPoint).Events, Is.Empty, "noted once");
        Assert.That(NotingVictimWitness.Named(witness, "NL", "OM-2026-118", "victim-witness", Now, FocalPoint).Events, Is.Empty, "noted once");
    }

    [Test]
    public void Prosecution_coordination_without_proceedings()
    {
        var ready = Ready();
        var refusal = Coordinate(ready, ProsecutionCoordination.DepartureDoesNotObstruct).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("prosecution-coordination-without-proceedings"));
        Assert.That(refusal.Kind, Is.EqualTo(RefusalKind.StateConflict));
        var coordinated = ready.NamedAsWitness();
        coordinated = coordinated.Apply(Coordinate(coordinated, ProsecutionCoordination.TestimonySecured));
        Assert.That(Coordinate(coordinated, ProsecutionCoordination.TestimonySecured).Refusal?.Rule, Is.EqualTo("prosecution-coordination-without-proceedings"), "every open proceedings coordinated already");
        Assert.That(Coordinate(File().NamedAsWitness(), ProsecutionCoordination.TestimonySecured).Refusal?.Rule, Is.EqualTo("return-not-requested"));
    }

    [Test]
    public void Prosecutor_reference_format()
    {
        var witness = Ready().NamedAsWitness();
        foreach (var bad in new[] { "", "Mr Jansen said it is fine", "OM 2026 118", new string('a', 101) })
            Assert.That(Coordinate(witness, ProsecutionCoordination.DepartureDoesNotObstruct, bad).Refusal?.Rule, Is.EqualTo("prosecutor-reference-format"), bad);
        Assert.That(Coordinate(witness, ProsecutionCoordination.DepartureDoesNotObstruct, "OM-2026-118/2026.12.01:statement_3").Refusal, Is.Null);
    }

    [Test]
    public void Forced_return_during_reflection_period()
    {
        var requested = Requested().Informed();
        var running = requested.Apply(NotingReflectionPeriod.Started(requested, Now.AddDays(-5), Now.AddDays(25), FocalPoint));
        var refusal = Order(running).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("forced-return-during-reflection-period"));
        Assert.That(refusal.Kind, Is.EqualTo(RefusalKind.StateConflict), "409");
        Assert.That(refusal.LegalSource, Does.Contain("CETS 197 art. 13"));

        var extended = running.Apply(NotingReflectionPeriod.Extended(running, Now.AddDays(60), FocalPoint));
        Assert.That(extended.ReflectionPeriod!.EndsAt, Is.EqualTo(Now.AddDays(60)));
        Assert.That(Order(extended).Refusal?.Rule, Is.EqualTo("forced-return-during-reflection-period"));

        var ended = extended.Apply(NotingEndedStatus.Decide(extended, new NotingEndedStatus.NoteEndedStatus(ReturnReason.ReflectionPeriodEnded, Now), FocalPoint));
        Assert.That(Order(ended).Events.OfType<ForcedReturnOrderRecorded>(), Has.Exactly(1).Items, "once it ended, the order is recorded");
    }

    [Test]
    public void Forced_return_during_reflection_period_is_not_enforced_when_the_order_came_first()
    {
        var ordered = Requested().Informed().Then(new ForcedReturnOrderRecorded(Guid.Empty, Now)).RiskAssessed().TransferConsent().ReadyToDepart();
        Assert.That(Departure(ordered), Is.Null);
        var running = ordered.Apply(NotingReflectionPeriod.Started(ordered, Now, Now.AddDays(30), FocalPoint));
        Assert.That(Departure(running), Is.EqualTo("forced-return-during-reflection-period"));
        Assert.That(Departure(running.Consented()), Is.Null, "a voluntary return in force is the person's own choice, not the order's");
    }

    [Test]
    public void Forced_return_during_reflection_period_heard_out_of_order()
    {
        // The end is heard before the start (their messages travel apart): the period that ended is not running again.
        var file = Requested().Informed();
        var ended = file.Apply(NotingEndedStatus.Decide(file, new NotingEndedStatus.NoteEndedStatus(ReturnReason.ReflectionPeriodEnded, Now), FocalPoint));
        Assert.That(NotingReflectionPeriod.Started(ended, Now.AddDays(-30), Now, FocalPoint).Events, Is.Empty);
        Assert.That(NotingReflectionPeriod.Extended(ended, Now.AddDays(30), FocalPoint).Events, Is.Empty);
        Assert.That(Order(ended).Refusal, Is.Null);
        // A new period, started after that end, runs.
        Assert.That(Order(ended.Apply(NotingReflectionPeriod.Started(ended, Now.AddDays(1), Now.AddDays(31), FocalPoint))).Refusal?.Rule, Is.EqualTo("forced-return-during-reflection-period"));
    }

    [Test]
    public void Forced_return_while_residence_permit_valid()
    {
        var requested = Requested().Informed();
        var permitted = requested.Apply(NotingResidencePermit.Decide(requested, Now.AddMonths(6), Now.AddDays(-1), FocalPoint));
        var refusal = Order(permitted).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("forced-return-while-residence-permit-valid"));
        Assert.That(refusal.Kind, Is.EqualTo(RefusalKind.StateConflict));
        Assert.That(refusal.LegalSource, Does.Contain("CETS 197 art. 14"));

        var expired = permitted.Apply(NotingEndedStatus.Decide(permitted, new NotingEndedStatus.NoteEndedStatus(ReturnReason.ResidencePermitEnded, Now), FocalPoint));
        Assert.That(Order(expired).Refusal, Is.Null, "expired or refused: the order may be recorded");

        var renewed = expired.Apply(NotingResidencePermit.Decide(expired, Now.AddYears(1), Now.AddDays(1), FocalPoint));
        Assert.That(Order(renewed).Refusal?.Rule, Is.EqualTo("forced-return-while-residence-permit-valid"), "a permit issued after the end is valid again");
        Assert.That(renewed.EndedStatuses, Does.Not.Contain(ReturnReason.ResidencePermitEnded), "no longer a reason to return");
        Assert.That(NotingResidencePermit.Decide(expired, Now.AddMonths(6), Now.AddDays(-1), FocalPoint).Events, Is.Empty, "a permit decided before its end was heard changes nothing");
    }
}

internal static class GivenProceedings
{
    /// <summary>JudicialCooperation named the person in open proceedings (heard on the bus).</summary>
    public static ReturnCase NamedAsWitness(this ReturnCase s, string reference = "OM-2026-118", string role = "victim-witness") =>
        s.Apply(NotingVictimWitness.Named(s, "NL", reference, role, Now, FocalPoint));
}
