namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Protection of the victim-witness and their family (UNTOC arts. 24–25): measures granted and ended, and
/// requests to another state to relocate or protect them — an integration event the transnational
/// exchange carries. Neither depends on the person testifying: it answers the risk. Each decision is a file of
/// its own: <see cref="GrantingWitnessProtection"/>, <see cref="EndingWitnessProtection"/>,
/// <see cref="RequestingRelocation"/> and the partner's answer, <see cref="RecordingRelocationAnswer"/>.
/// </summary>
public static class ProtectingWitnesses
{
    public const string LegalBasis = "UNTOC arts. 24–25; CETS 197 art. 28; Directive 2011/36/EU art. 12(3)";
}
