namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>The roles a token can carry (claim <c>role</c>). The permission matrix grows with the security issue.</summary>
public static class Roles
{
    public const string FocalPoint = "FocalPoint";
    public const string CaseWorker = "CaseWorker";
    public const string ServiceProvider = "ServiceProvider";
    public const string ImmigrationOfficer = "ImmigrationOfficer";
    public const string JudicialOfficer = "JudicialOfficer";
    public const string Auditor = "Auditor";
    public const string Ops = "Ops";
    public const string PartnerNode = "PartnerNode";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        FocalPoint, CaseWorker, ServiceProvider, ImmigrationOfficer, JudicialOfficer, Auditor, Ops, PartnerNode,
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

/// <summary>Authorization policies; every endpoint names one.</summary>
public static class Policies
{
    /// <summary>Open a case from a signal: focal points and case workers.</summary>
    public const string OpenCase = "open-case";
    /// <summary>Record a decision on a case: focal points and case workers.</summary>
    public const string DecideOnCase = "decide-on-case";
    /// <summary>Read a case and its history: case handling roles and auditors.</summary>
    public const string ReadCase = "read-case";
}
