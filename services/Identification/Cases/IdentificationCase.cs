using System.Text.Json.Serialization;
using TransnationalReferral.ServiceDefaults.Decisions;

namespace TransnationalReferral.Identification.Cases;

public enum SignalSource { Police, BorderGuard, LabourInspection, Ngo, SocialServices, Health, SelfReferral, ForeignAuthority }

public enum Sex { Female, Male, Other, Unknown }

public enum AgeGroup
{
    [JsonStringEnumMemberName("under-12")] Under12,
    [JsonStringEnumMemberName("12-17")] From12To17,
    [JsonStringEnumMemberName("18-24")] From18To24,
    [JsonStringEnumMemberName("25-34")] From25To34,
    [JsonStringEnumMemberName("35-49")] From35To49,
    [JsonStringEnumMemberName("50-64")] From50To64,
    [JsonStringEnumMemberName("65-plus")] From65,
    [JsonStringEnumMemberName("unknown")] Unknown,
}

/// <summary>A person whose age is uncertain is a presumed child until an age assessment decides otherwise.</summary>
public enum ChildStatus { Child, PresumedChild, Adult }

public enum CaseStage { Signalled, Informed }

public enum InformationFormat { Oral, Written, ChildFriendly }

public sealed record InformationOnRights(bool InterpreterUsed, InformationFormat Format, DateTimeOffset RecordedAt);

/// <summary>An identification case as its events make it: one switch over the events.</summary>
public sealed record IdentificationCase(
    Guid Id,
    Guid VictimId,
    string Jurisdiction,
    SignalSource Source,
    string SignallingOrganisation,
    Sex Sex,
    AgeGroup AgeGroup,
    ChildStatus ChildStatus,
    CaseStage Stage,
    DateTimeOffset OpenedAt,
    InformationOnRights? InformationOnRights) : ICaseState, IEvolving<IdentificationCase>
{
    public bool IsTreatedAsChild => ChildStatus is ChildStatus.Child or ChildStatus.PresumedChild;

    public static IdentificationCase? Fold(IdentificationCase? state, object @event) => (state, @event) switch
    {
        (null, CaseOpened e) => new IdentificationCase(e.CaseId, e.VictimId, e.Jurisdiction, e.Source, e.SignallingOrganisation,
            e.Sex, e.AgeGroup, e.ChildStatus, CaseStage.Signalled, e.OpenedAt, null),
        ({ } s, InformationOnRightsRecorded e) => s with
        {
            Stage = s.Stage == CaseStage.Signalled ? CaseStage.Informed : s.Stage,
            InformationOnRights = new InformationOnRights(e.InterpreterUsed, e.Format, e.RecordedAt),
        },
        _ => state,
    };
}
