namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A person whose age is uncertain is a presumed child until an age assessment decides otherwise. A child's
/// case needs a guardian and a best-interests assessment before decisions on the child's future. Each decision is
/// a file of its own: <see cref="RecordingAgeAssessment"/>, <see cref="AppointingGuardian"/>, <see cref="AssessingBestInterests"/>.
/// </summary>
public static class ProtectingChildren
{
    public const string LegalBasis = "CETS 197 art. 10(3) and (4); Directive 2011/36/EU arts 13–16; UN CRC art. 3";
}
