using System.Diagnostics;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>Names of the audit headers every event carries (besides Marten's correlation, causation and user name).</summary>
public static class AuditHeaders
{
    /// <summary>Who decided.</summary>
    public const string ActorId = "actor-id", ActorRole = "actor-role", ActorOrganisation = "actor-organisation", ActorJurisdiction = "actor-jurisdiction";

    /// <summary>Why: the legal basis and the reasons (sealed free text).</summary>
    public const string LegalBasis = "legal-basis", Reasons = "reasons";

    /// <summary>The W3C trace the decision was taken in.</summary>
    public const string TraceParent = "traceparent";
}

/// <summary>The legal basis and the reasons of a decision, recorded with its events.</summary>
public sealed record DecisionBasis(string? LegalBasis, string? Reasons = null)
{
    /// <summary>The longest reasons a decision records; checked once, on the shared write path.</summary>
    public const int MaxReasonsLength = 4000;
}

public static class Audit
{
    /// <summary>
    /// Stamps the session with who decides and the trace the decision belongs to. Called in one place for
    /// HTTP requests (<see cref="AuditedSessionFactory"/>) and one place for consumers.
    /// </summary>
    public static void Stamp(this IDocumentSession session, Actor actor, string? causationId = null, string? correlationId = null)
    {
        var activity = Activity.Current;
        session.LastModifiedBy = actor.Id;
        session.CorrelationId = correlationId ?? activity?.TraceId.ToHexString();
        session.CausationId = causationId ?? activity?.SpanId.ToHexString();
        session.SetHeader(AuditHeaders.ActorId, actor.Id);
        session.SetHeader(AuditHeaders.ActorRole, actor.Role);
        session.SetHeader(AuditHeaders.ActorOrganisation, actor.Organisation);
        session.SetHeader(AuditHeaders.ActorJurisdiction, actor.Jurisdiction);
        if (activity?.Id is { } traceParent && activity.IdFormat == ActivityIdFormat.W3C)
            session.SetHeader(AuditHeaders.TraceParent, traceParent);
    }

    /// <summary>Records the legal basis and reasons of the decision being appended in this session.</summary>
    public static void Record(this IDocumentSession session, DecisionBasis basis)
    {
        if (!string.IsNullOrWhiteSpace(basis.LegalBasis)) session.SetHeader(AuditHeaders.LegalBasis, basis.LegalBasis);
        if (!string.IsNullOrWhiteSpace(basis.Reasons)) session.SetHeader(AuditHeaders.Reasons, basis.Reasons);
    }
}

/// <summary>Every session opened for an HTTP request carries the authenticated caller as audit metadata.</summary>
public sealed class AuditedSessionFactory(IDocumentStore store, IHttpContextAccessor accessor) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        if (accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user)
            session.Stamp(user.ToActor());
        return session;
    }
}
