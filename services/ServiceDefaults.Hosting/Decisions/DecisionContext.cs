namespace TransnationalReferral.ServiceDefaults.Decisions;

/// <summary>
/// Who is deciding, as the domain needs to know it (no ASP.NET types): the authenticated caller or, for a
/// decision taken by a consumer of an integration event, the service itself.
/// </summary>
public sealed record Actor(string Id, string Role, string Organisation, string Jurisdiction)
{
    public static Actor System(string service, string jurisdiction) => new($"system:{service}", "System", service, jurisdiction);
}

/// <summary>What every Decide gets besides state and command: the actor and the clock.</summary>
public sealed record DecisionContext(Actor Actor, DateTimeOffset Now);
