namespace TransnationalReferral.Contracts.JudicialCooperation;

// A victim's part in open criminal proceedings, as the judicial service publishes it for Return: a return must not
// obstruct the prosecution (CTOC/COP/WG.4/2010/7 ¶30; CETS 197 art. 16(1)). Ids, codes and the proceedings' reference only.

/// <summary>
/// The person of the case was named as a victim or victim-witness in open criminal proceedings.
/// <c>Role</c>: victim or victim-witness. <c>ProceedingsReference</c>: the prosecutor's file reference (a code, never a narrative).
/// </summary>
public sealed record VictimWitnessNamed(Guid CaseId, string Jurisdiction, string ProceedingsReference, string Role, DateTimeOffset NamedAt);

/// <summary>The proceedings in which the person was named as a victim or victim-witness closed (or no longer need them).</summary>
public sealed record VictimWitnessProceedingsClosed(Guid CaseId, string Jurisdiction, string ProceedingsReference, DateTimeOffset ClosedAt);
