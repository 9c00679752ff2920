namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>Sent (the envelope as it left, signed) or refused by a gate (nothing left the node).</summary>
public sealed record CrossBorderSendResult(CrossBorderEnvelope? Sent, Refusal? Refusal)
{
    public bool IsRefused => Refusal is not null;
}

/// <summary>
/// The one way out of a node: every cross-border message passes the gates (<see cref="CrossBorderGates"/>), is signed
/// with the node's key, recorded in the ledger and published to the outbound exchange with the destination as routing
/// key. Nothing else in the node publishes to <see cref="CrossBorderTopology.Outbound"/>.
/// </summary>
public sealed class CrossBorderSender(
    ServiceIdentity node, CrossBorderSigner signer, PartnerKeys partners, CrossBorderBroker broker, CrossBorderLedger ledger,
    TimeProvider clock, ILogger<CrossBorderSender> logger)
{
    public Task<CrossBorderSendResult> SendAsync<T>(T message, string to, TransferGrounds grounds, CancellationToken ct) where T : class =>
        SendAsync(message, to, grounds, null, ct);

    /// <param name="purpose">The purpose of the request an answer is about (a request carries its own): the partner's
    /// node routes on it (<see cref="CrossBorderTopology.PurposeHeader"/>) to the service that took the request.</param>
    public async Task<CrossBorderSendResult> SendAsync<T>(T message, string to, TransferGrounds grounds, string? purpose, CancellationToken ct) where T : class
    {
        var type = message.GetType();
        var body = JsonSerializer.SerializeToUtf8Bytes(message, type, CrossBorderJson.Options);
        using var json = JsonDocument.Parse(body);
        if (CrossBorderGates.Check(node.Jurisdiction, to, type, json.RootElement, grounds, partners.Partners) is { } refusal)
        {
            CrossBorderMetrics.Refused.Add(1, new KeyValuePair<string, object?>("rule", refusal.Rule));
            logger.LogWarning("Cross-border {Type} to {To} refused: {Rule}", type.Name, to, refusal.Rule);
            return new CrossBorderSendResult(null, refusal);
        }

        var unsigned = new CrossBorderEnvelope(Guid.CreateVersion7(), CrossBorderJson.WireType(type), node.Jurisdiction, to,
            clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), body, null);
        var envelope = unsigned with { Signature = signer.Sign(unsigned.SignedText) };

        await using (var connection = await ledger.OpenAsync(ct))
            await CrossBorderLedger.TryRecordAsync(connection, null, CrossBorderLedger.Sent, to, envelope, clock.GetUtcNow(), ct);
        purpose = message is CrossBorderRequest request ? request.Purpose : purpose;
        await broker.PublishAsync(CrossBorderTopology.Outbound, to, envelope,
            purpose is null ? null : new Dictionary<string, object?> { [CrossBorderTopology.PurposeHeader] = purpose }, ct);
        CrossBorderMetrics.Sent.Add(1, new KeyValuePair<string, object?>("type", envelope.Type), new KeyValuePair<string, object?>("to", to));
        logger.LogInformation("Cross-border {Type} {MessageId} sent to {To}", envelope.Type, envelope.MessageId, to);
        return new CrossBorderSendResult(envelope, null);
    }

    /// <summary>
    /// An answer (accepted, declined, outcome, update) to a request a partner sent over the exchange, back to that partner.
    /// Null when no such request came over the exchange (it came over the node's own bus, or never).
    /// </summary>
    public async Task<CrossBorderSendResult?> ReplyAsync(Guid requestId, Func<CrossBorderRequest, object> reply, CancellationToken ct)
    {
        if (await ledger.FindRequestAsync(CrossBorderLedger.Received, requestId, ct) is not { } entry) return null;
        var request = JsonSerializer.Deserialize<CrossBorderRequest>(entry.Body, CrossBorderJson.Options)!;
        return await SendAsync(reply(request), entry.Counterpart, TransferGrounds.ReplyTo(entry.Counterpart), request.Purpose, ct);
    }

    /// <summary>
    /// This node's focal point acknowledged a request a partner sent over the exchange: signed evidence
    /// <c>acknowledged-by-focal-point</c> naming that message, once (an acknowledgement already sent is not sent again:
    /// the result names the one sent). Null when no such request came over the exchange.
    /// </summary>
    public async Task<CrossBorderSendResult?> AcknowledgeAsync(Guid requestId, CancellationToken ct)
    {
        if (await ledger.FindRequestAsync(CrossBorderLedger.Received, requestId, ct) is not { } request) return null;
        var evidenceType = CrossBorderJson.WireType(typeof(CrossBorderDeliveryEvidence));
        if ((await ledger.ListForRequestAsync(requestId, ct)).FirstOrDefault(e => e.Direction == CrossBorderLedger.Sent && e.Counterpart == request.Counterpart && e.Type == evidenceType
                && JsonSerializer.Deserialize<CrossBorderDeliveryEvidence>(e.Body, CrossBorderJson.Options)!.Evidence == DeliveryEvidenceKinds.AcknowledgedByFocalPoint) is { } already)
            return new CrossBorderSendResult(already.Envelope(node.Jurisdiction), null);
        var envelope = request.Envelope(node.Jurisdiction);
        var message = JsonSerializer.Deserialize<CrossBorderRequest>(envelope.Body, CrossBorderJson.Options)!;
        return await SendEvidenceAsync(new ReceivedCrossBorderMessage(envelope, message), requestId, DeliveryEvidenceKinds.AcknowledgedByFocalPoint, ct);
    }

    /// <summary>
    /// An update on a request this node sent over the exchange (<see cref="CrossBorderUpdate"/> from the requesting side, e.g.
    /// an entry of a joint investigation team's log), to the partner it went to, on the request's legal basis and through the
    /// same gates (the countries the persons claim protection from among them). Null when no such request was sent.
    /// </summary>
    public async Task<CrossBorderSendResult?> UpdateSentAsync(Guid requestId, CrossBorderUpdate update, IReadOnlyCollection<string> protectionClaimedFrom, CancellationToken ct)
    {
        if (await ledger.FindRequestAsync(CrossBorderLedger.Sent, requestId, ct) is not { } entry) return null;
        var request = JsonSerializer.Deserialize<CrossBorderRequest>(entry.Body, CrossBorderJson.Options)!;
        var grounds = request.Basis == TransferBases.LegalBasis && request.LegalBasis is { } legalBasis
            ? TransferGrounds.OnLegalBasis(legalBasis, protectionClaimedFrom, request.HandlingCode)
            : new TransferGrounds(request.Basis, request.LegalBasis, [], protectionClaimedFrom, request.HandlingCode); // (no consents known here: the gate refuses)
        return await SendAsync(update, entry.Counterpart, grounds, request.Purpose, ct);
    }

    /// <summary>The receiving node's signed evidence that a message arrived (sent by the receiver itself) or that its focal point acknowledged a request.</summary>
    public Task<CrossBorderSendResult> SendEvidenceAsync(ReceivedCrossBorderMessage received, Guid requestId, string evidence, CancellationToken ct) =>
        SendAsync(new CrossBorderDeliveryEvidence(Guid.CreateVersion7(), requestId, received.Envelope.MessageId, received.Envelope.BodyDigest, evidence, node.Jurisdiction, clock.GetUtcNow()),
            received.Envelope.From, TransferGrounds.ReplyTo(received.Envelope.From), (received.Message as CrossBorderRequest)?.Purpose, ct);
}
