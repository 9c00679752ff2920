namespace TransnationalReferral.Return.Cases;

/// <summary>
/// Coordination with the country of return: the reception request to the partner's focal point (minimised,
/// on consent to transfer or a legal basis, never to a country the person claims protection from, only once
/// the safety and decision gates are open), its answers over the bus, travel documents, escort, departure
/// (every gate), arrival confirmed by the partner, and closure. Each decision is a file of its own; this holds
/// what they share.
/// </summary>
public static class CoordinatingReturn
{
    public const string LegalBasis = "Trafficking Protocol art. 8(1)–(4); CETS 197 art. 16; TRM-EU SOP 4 — coordination with the country of return";

    /// <summary>An answer from the country of return, heard on the bus: only from the jurisdiction asked, for the request made.</summary>
    public static Decision Answer(ReturnCase s, Guid requestId, string answeringJurisdiction, Func<Reception, object?> answer)
    {
        if (s.Reception is not { } reception || reception.RequestId != requestId || reception.ToJurisdiction != answeringJurisdiction)
            return new Refusal("reception-answer-unexpected", $"No reception request {requestId} to {answeringJurisdiction} on this case.");
        return answer(reception) is { } e ? Decision.Accept(e) : Decision.NothingToDo;
    }

    public static RouteGroupBuilder MapCoordinatingReturn(this RouteGroupBuilder cases)
    {
        cases.MapRequestingReception();
        cases.MapRecordingTravelDocuments();
        cases.MapArrangingEscort();
        cases.MapCoordinatingWithProsecution();
        cases.MapRecordingDeparture();
        cases.MapClosingReturn();
        cases.MapReturnGates();
        return cases;
    }
}
