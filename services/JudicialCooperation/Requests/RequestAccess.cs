namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// Who may read a judicial request or a proceeds-return request, in one place: the roles the request endpoints name
/// (<see cref="Permissions.ReadJudicialRequests"/>) in the request's own jurisdiction. The request endpoints, the
/// lists and a case's history and export (which carry the requests naming the case) all ask this, so a case never
/// widens who reads its judicial content.
/// </summary>
public static class RequestAccess
{
    public static bool MayRead(Actor actor, string requestJurisdiction) =>
        actor.Jurisdiction == requestJurisdiction && Permissions.Matrix[Permissions.ReadJudicialRequests].Contains(actor.Role);
}
