namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>The roles a token can carry (claim <c>role</c>). The permission matrix grows with the security issue.</summary>
public static class Roles
{
    /// <summary>Who works on cases: the focal point, case workers, service providers, immigration officers.</summary>
    public const string FocalPoint = "FocalPoint", CaseWorker = "CaseWorker", ServiceProvider = "ServiceProvider", ImmigrationOfficer = "ImmigrationOfficer";

    /// <summary>Justice: judicial officers and the person's legal-aid lawyer.</summary>
    public const string JudicialOfficer = "JudicialOfficer", LegalAidLawyer = "LegalAidLawyer";

    /// <summary>Oversight: auditors and the operations team.</summary>
    public const string Auditor = "Auditor", Ops = "Ops";

    /// <summary>A partner country's node.</summary>
    public const string PartnerNode = "PartnerNode";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        FocalPoint, CaseWorker, ServiceProvider, ImmigrationOfficer, JudicialOfficer, LegalAidLawyer, Auditor, Ops, PartnerNode,
    };
}

/// <summary>The claims every token carries.</summary>
public static class TrmClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Organisation = "organisation";
    public const string Jurisdiction = "jurisdiction";
}
