namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>One cross-border message about a request as this node recorded it; <c>Verified</c>: the partner's signature checked again now (received ones).</summary>
public sealed record CrossBorderMessageView(string Direction, string Counterpart, Guid MessageId, string Type, string SentAt, DateTimeOffset RecordedAt, string BodyDigest, string Signature, bool? Verified, JsonElement Message);

public static class CrossBorderEndpoints
{
    /// <summary>
    /// <c>GET …/cross-border/requests/{requestId}</c>: what this node sent and received about a request — the request, the
    /// partner's signed delivery evidence, its answers — for the focal point and auditors of the node's jurisdiction.
    /// </summary>
    public static RouteGroupBuilder MapCrossBorderEndpoints(this RouteGroupBuilder api, string service)
    {
        api.MapGet("/cross-border/requests/{requestId:guid}", async (Guid requestId, HttpContext http, ServiceIdentity node, CrossBorderLedger ledger, PartnerKeys keys, CancellationToken ct) =>
            {
                if (http.Actor().Jurisdiction != node.Jurisdiction) return Problems.NotFound("The cross-border request");
                var entries = await ledger.ListForRequestAsync(requestId, ct);
                if (entries.Count == 0) return Problems.NotFound("The cross-border request");
                return Results.Ok(entries.Select(e => new CrossBorderMessageView(e.Direction, e.Counterpart, e.MessageId, e.Type, e.SentAt, e.RecordedAt, e.BodyDigest, e.Signature,
                    e.Direction == CrossBorderLedger.Received ? keys.Verify(e.Counterpart, e.Envelope(node.Jurisdiction)) : null,
                    JsonDocument.Parse(e.Body).RootElement.Clone())).ToList());
            })
            .RequireAuthorization(Permissions.ReadCrossBorder)
            .WithTags("Cross-border exchange")
            .WithName($"{service}CrossBorderRequest")
            .WithSummary("What this node sent and received about a cross-border request, with the partner's signed delivery evidence and answers (signatures verified again).")
            .Produces<IReadOnlyList<CrossBorderMessageView>>();
        return api;
    }
}
