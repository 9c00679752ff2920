namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// Confiscated proceeds for the victims: the judicial service's asset events are noted on the case; confiscated
/// value (or proceeds another state returned) is allocated to an award, never beyond what is available; and the
/// return of proceeds confiscated abroad is requested from that state (UNTOC art. 14(2)) and its answer recorded.
/// Each decision is a file of its own; this holds what they share.
/// </summary>
public static class Proceeds
{
    public const string LegalBasis = "UNTOC arts. 12–14, in particular 14(2); CETS 197 art. 15(4); CTOC/COP/WG.4/2010/7 recs. (g)–(h)";
    public static readonly string[] Allocatable = ["confiscated", "disposed", "returned-proceeds"];

    public static RouteGroupBuilder MapProceeds(this RouteGroupBuilder cases)
    {
        cases.MapAllocatingProceeds();
        cases.MapRequestingProceedsReturn();
        return cases;
    }
}
