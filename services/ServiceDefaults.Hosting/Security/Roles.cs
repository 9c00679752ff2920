namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>The roles a token can carry (claim <c>role</c>). The permission matrix grows with the security issue.</summary>
public static class Roles
{
    public const string FocalPoint = "FocalPoint";
    public const string CaseWorker = "CaseWorker";
    public const string ServiceProvider = "ServiceProvider";
    public const string ImmigrationOfficer = "ImmigrationOfficer";
    public const string JudicialOfficer = "JudicialOfficer";
    public const string LegalAidLawyer = "LegalAidLawyer";
    public const string Auditor = "Auditor";
    public const string Ops = "Ops";
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
