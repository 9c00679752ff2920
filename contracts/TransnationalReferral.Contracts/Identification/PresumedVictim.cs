namespace TransnationalReferral.Contracts.Identification;

/// <summary>
/// Reasonable grounds: the person is a presumed victim of trafficking. From now on they are entitled to
/// assistance — never conditional on cooperating with the authorities.
/// </summary>
public sealed record PresumedVictimRecognised(Guid CaseId, string Jurisdiction, string ChildStatus, DateTimeOffset RecognisedAt);

/// <summary>The recovery and reflection period started (at least 30 days; CETS 197 art. 13).</summary>
public sealed record ReflectionPeriodStarted(Guid CaseId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>The reflection period ends soon (the configured number of days before its end).</summary>
public sealed record ReflectionPeriodExpiring(Guid CaseId, DateTimeOffset EndsAt, DateTimeOffset WarnedAt);

/// <summary>The reflection period ended. Reason: <c>expired</c>, <c>persons-informed-choice</c>, <c>public-order</c> or <c>victim-status-claimed-improperly</c>.</summary>
public sealed record ReflectionPeriodEnded(Guid CaseId, string Reason, DateTimeOffset EndedAt);

/// <summary>The reflection period was extended to a new end.</summary>
public sealed record ReflectionPeriodExtended(Guid CaseId, DateTimeOffset EndsAt, DateTimeOffset ExtendedAt);
