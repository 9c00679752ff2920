namespace TransnationalReferral.Identification.Cases;

/// <summary>A share is revoked before its expiry.</summary>
public static class RevokingShare
{
    /// <param name="GrantId">From the route; not part of the body.</param>
    public sealed record RevokeShare(string? Reasons = null, [property: JsonIgnore] Guid GrantId = default);

    public static Decision Decide(IdentificationCase state, RevokeShare command, DecisionContext context) =>
        state.Shares.FirstOrDefault(s => s.GrantId == command.GrantId) switch
        {
            null => Refusal.Conflict("share-not-found", $"The case has no share {command.GrantId}."),
            { Revoked: true } => Refusal.Conflict("share-already-revoked", "This share was already revoked."),
            _ => Decision.Accept(new CaseShareRevoked(state.Id, command.GrantId, context.Now)),
        };

    public static RouteHandlerBuilder MapRevokingShare(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/shares/{grantId:guid}/revocation", async (Guid caseId, Guid grantId, RevokeShare command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command with { GrantId = grantId }, context),
                    new DecisionBasis(SharingCase.DefaultLegalBasis, command.Reasons), ct),
            Permissions.ShareCase, "RevokeShare", "Revoke a share before its expiry.");
}
