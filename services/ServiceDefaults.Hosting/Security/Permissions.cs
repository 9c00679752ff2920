using Microsoft.AspNetCore.Authorization;

namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>What a caller may do. Every endpoint requires exactly one permission (its policy has the same name).</summary>
public static class Permissions
{
    /// <summary>The case: opening it, deciding on it, reading it and its history, sharing it, consents.</summary>
    public const string OpenCase = "open-case", DecideOnCase = "decide-on-case", ReadCase = "read-case", ReadHistory = "read-history", ShareCase = "share-case", RecordConsent = "record-consent";

    /// <summary>The vault of personal data: writing, reading, legal holds, erasure, and who read what.</summary>
    public const string WritePersonalData = "write-personal-data", ReadPersonalData = "read-personal-data", PlaceLegalHold = "place-legal-hold", RequestErasure = "request-erasure", ReadAccessLog = "read-access-log";

    /// <summary>The person's own request for their data (GDPR art. 15): the export of their personal data and every decision about them, answered by the focal point of the case's jurisdiction.</summary>
    public const string ExportOwnData = "export-own-data";

    /// <summary>Protection: the providers' catalogue and their answers to referrals; migration decisions.</summary>
    public const string ManageProviders = "manage-providers", AnswerReferral = "answer-referral", RecordImmigrationDecision = "record-immigration-decision";

    /// <summary>Remedies and justice: claims, confiscated proceeds, judicial requests.</summary>
    public const string PursueClaims = "pursue-claims", AllocateProceeds = "allocate-proceeds", HandleJudicialRequests = "handle-judicial-requests", ReadJudicialRequests = "read-judicial-requests";

    /// <summary>Oversight: operations, statistics, the cross-border ledger.</summary>
    public const string ReadOperations = "read-operations", ReadStatistics = "read-statistics", ReadCrossBorder = "read-cross-border";

    /// <summary>Notifications: an organisation's own subscriptions, its delivery log and replay.</summary>
    public const string ManageNotifications = "manage-notifications";

    /// <summary>Information another state transmitted without a prior request: its receipt acknowledged by the focal point or a prosecutor.</summary>
    public const string AcknowledgeInformation = "acknowledge-information";

    /// <summary>
    /// The permission matrix: which role may take which decision and read which resource. This table is
    /// the single source; docs/roles.md shows it and a test checks docs/roles.md against it. Access to a
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
        [ExportOwnData] = [Roles.FocalPoint],
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
        [AcknowledgeInformation] = [Roles.FocalPoint, Roles.JudicialOfficer],
        [ManageNotifications] = [Roles.FocalPoint, Roles.CaseWorker, Roles.ServiceProvider, Roles.ImmigrationOfficer, Roles.JudicialOfficer, Roles.LegalAidLawyer],
    };

    public static void AddPermissionPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var (permission, roles) in Matrix)
            authorization.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireClaim(TrmClaims.Jurisdiction).RequireRole(roles));
    }
}
