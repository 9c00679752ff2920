using Microsoft.AspNetCore.Authorization;

namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>What a caller may do. Every endpoint requires exactly one permission (its policy has the same name).</summary>
public static class Permissions
{
    public const string OpenCase = "open-case";
    public const string DecideOnCase = "decide-on-case";
    public const string ReadCase = "read-case";
    public const string ReadHistory = "read-history";
    public const string ShareCase = "share-case";
    public const string RecordConsent = "record-consent";
    public const string WritePersonalData = "write-personal-data";
    public const string ReadPersonalData = "read-personal-data";
    public const string PlaceLegalHold = "place-legal-hold";
    public const string RequestErasure = "request-erasure";
    public const string ReadAccessLog = "read-access-log";
    public const string ManageProviders = "manage-providers";
    public const string AnswerReferral = "answer-referral";
    public const string RecordImmigrationDecision = "record-immigration-decision";
    public const string PursueClaims = "pursue-claims";
    public const string AllocateProceeds = "allocate-proceeds";
    public const string HandleJudicialRequests = "handle-judicial-requests";
    public const string ReadJudicialRequests = "read-judicial-requests";
    public const string ReadOperations = "read-operations";
    public const string ReadStatistics = "read-statistics";
    public const string ReadCrossBorder = "read-cross-border";

    /// <summary>
    /// The permission matrix: which role may take which decision and read which resource. This table is
    /// the single source; the README shows it and a test checks the README against it. Access to a
    /// particular case is scoped on top of this (see <c>Cases.CaseScope</c>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Matrix = new Dictionary<string, string[]>
    {
        [OpenCase] = [Roles.FocalPoint, Roles.CaseWorker],
        [DecideOnCase] = [Roles.FocalPoint, Roles.CaseWorker],
        [ReadCase] = [Roles.FocalPoint, Roles.CaseWorker, Roles.ServiceProvider, Roles.ImmigrationOfficer, Roles.JudicialOfficer, Roles.LegalAidLawyer, Roles.Auditor],
        [ReadHistory] = [Roles.FocalPoint, Roles.CaseWorker, Roles.JudicialOfficer, Roles.LegalAidLawyer, Roles.Auditor],
        [ShareCase] = [Roles.FocalPoint],
        [RecordConsent] = [Roles.FocalPoint, Roles.CaseWorker],
        [WritePersonalData] = [Roles.FocalPoint, Roles.CaseWorker],
        [ReadPersonalData] = [Roles.FocalPoint, Roles.CaseWorker],
        [PlaceLegalHold] = [Roles.FocalPoint, Roles.JudicialOfficer],
        [RequestErasure] = [Roles.FocalPoint, Roles.JudicialOfficer],
        [ReadAccessLog] = [Roles.Auditor],
        [ManageProviders] = [Roles.FocalPoint],
        [AnswerReferral] = [Roles.FocalPoint, Roles.CaseWorker, Roles.ServiceProvider],
        [RecordImmigrationDecision] = [Roles.FocalPoint, Roles.ImmigrationOfficer],
        [PursueClaims] = [Roles.FocalPoint, Roles.CaseWorker, Roles.LegalAidLawyer],
        [AllocateProceeds] = [Roles.FocalPoint, Roles.JudicialOfficer],
        [HandleJudicialRequests] = [Roles.JudicialOfficer],
        [ReadJudicialRequests] = [Roles.JudicialOfficer, Roles.FocalPoint, Roles.Auditor],
        [ReadOperations] = [Roles.Ops, Roles.FocalPoint],
        [ReadStatistics] = [Roles.FocalPoint, Roles.Auditor],
        [ReadCrossBorder] = [Roles.FocalPoint, Roles.Auditor],
    };

    public static void AddPermissionPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var (permission, roles) in Matrix)
            authorization.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireClaim(TrmClaims.Jurisdiction).RequireRole(roles));
    }
}
