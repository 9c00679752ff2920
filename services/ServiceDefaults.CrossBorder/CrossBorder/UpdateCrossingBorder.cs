namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// A change on an open request that crosses from either side as one signed <see cref="CrossBorderUpdate"/>: from the
/// requested side as a reply (<see cref="CrossBorderSender.ReplyAsync"/>), from the requesting side on the request's own
/// ground (<see cref="CrossBorderSender.UpdateSentAsync"/>, the gate on the country of claimed protection included). The
/// ledger decides which side this node is; a request that never crossed sends nothing. Only what this node decided
/// crosses (<see cref="Keys"/> names no request for what it recorded from the partner), so nothing echoes back.
/// </summary>
public abstract class UpdateCrossingBorder<T>(CrossBorderServices exchange) : AnswerCrossingBorder<T>(exchange) where T : class
{
    /// <summary>The signed update the change becomes, from <see cref="AnswerCrossingBorder{T}.Jurisdiction"/>.</summary>
    protected abstract CrossBorderUpdate Update(T message);

    /// <summary>The countries the persons the request names claim international protection from (read for the requesting side's update).</summary>
    protected abstract Task<IReadOnlyCollection<string>> ProtectionClaimedFromAsync(Guid requestId, IDocumentSession session, CancellationToken ct);

    protected sealed override async Task<CrossBorderSendResult?> SendAsync(T message, Guid requestId, IDocumentSession session, CancellationToken ct) =>
        await Sender.ReplyAsync(requestId, _ => Update(message), ct)
        ?? await Sender.UpdateSentAsync(requestId, Update(message), await ProtectionClaimedFromAsync(requestId, session, ct), ct);
}
