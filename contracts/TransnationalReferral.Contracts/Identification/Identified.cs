namespace TransnationalReferral.Contracts.Identification;

/// <summary>The conclusive-grounds decision: formally identified (true) or not (false).</summary>
public sealed record VictimFormallyIdentified(Guid CaseId, bool Identified, DateTimeOffset DecidedAt);

/// <summary>An age assessment decided an uncertain age: child or adult (see <c>ChildStatuses</c>).</summary>
public sealed record ChildStatusDetermined(Guid CaseId, string ChildStatus, DateTimeOffset DeterminedAt);

/// <summary>A guardian was appointed for a child (the guardian's organisation; never a name).</summary>
public sealed record GuardianAppointed(Guid CaseId, string GuardianOrganisation, DateTimeOffset AppointedAt);

/// <summary>The child's best interests were assessed (with the guardian).</summary>
public sealed record BestInterestsAssessed(Guid CaseId, DateTimeOffset AssessedAt);

/// <summary>The person claims international protection against a country: nothing may contact its authorities.</summary>
public sealed record InternationalProtectionClaimed(Guid CaseId, string CountryOfClaimedPersecution, DateTimeOffset ClaimedAt);
