namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// What the sending node knows that decides whether a message may cross the border: the ground of the transfer
/// (the person's consent to transfer to named jurisdictions, a recorded legal basis, or a reply to the partner's
/// own request), the countries the person claims international protection from, and the data's handling code.
/// </summary>
public sealed record TransferGrounds(
    string Basis,
    string? LegalBasis,
    IReadOnlyCollection<string> ConsentedJurisdictions,
    IReadOnlyCollection<string> ProtectionClaimedFrom,
    string HandlingCode,
    string? RepliesToJurisdiction = null)
{
    public static TransferGrounds OnConsent(IReadOnlyCollection<string> consentedJurisdictions, IReadOnlyCollection<string> protectionClaimedFrom, string handlingCode = HandlingCodes.PurposeOnly) =>
        new(TransferBases.Consent, null, consentedJurisdictions, protectionClaimedFrom, handlingCode);

    public static TransferGrounds OnLegalBasis(string legalBasis, IReadOnlyCollection<string> protectionClaimedFrom, string handlingCode = HandlingCodes.PurposeOnly) =>
        new(TransferBases.LegalBasis, legalBasis, [], protectionClaimedFrom, handlingCode);

    /// <summary>An answer to a request the partner sent (evidence, accepted, declined, outcome, update): it goes back to that partner only.</summary>
    public static TransferGrounds ReplyTo(string requestingJurisdiction, IReadOnlyCollection<string>? protectionClaimedFrom = null) =>
        new(TransferBases.Reply, null, [], protectionClaimedFrom ?? [], HandlingCodes.PurposeOnly, requestingJurisdiction);
}

/// <summary>
/// The gates every cross-border message passes before it leaves a node, in one place (<see cref="CrossBorderSender"/>
/// calls them; nothing else publishes to the outbound exchange). Pure: a refusal names its rule and legal source.
/// </summary>
public static class CrossBorderGates
{
    public static Refusal? Check(string from, string to, Type type, JsonElement body, TransferGrounds grounds, IReadOnlyCollection<string> partners)
    {
        if (to.Length != 2 || !to.All(char.IsAsciiLetterUpper) || !partners.Contains(to))
            return new Refusal("cross-border-partner-unknown",
                $"'{to}' is not a partner node of {from}: no public key is configured for it (CrossBorder:Partners:{to}:PublicKey), so nothing is sent there.");

        if (grounds.ProtectionClaimedFrom.Contains(to))
            return new Refusal("never-to-country-of-claimed-protection",
                $"The person claims international protection from {to}: nothing about them is sent to that country.",
                "1951 Refugee Convention art. 33; Directive 2013/32/EU art. 30 (no information to the alleged actor of persecution)");

        var transfer = grounds.Basis switch
        {
            TransferBases.Consent when grounds.ConsentedJurisdictions.Contains(to) => null,
            TransferBases.Consent => $"The person has not consented to transfer to {to} (consents on record: {(grounds.ConsentedJurisdictions.Count == 0 ? "none" : string.Join(", ", grounds.ConsentedJurisdictions))}) and no legal basis is recorded.",
            TransferBases.LegalBasis when !string.IsNullOrWhiteSpace(grounds.LegalBasis) => null,
            TransferBases.LegalBasis => "A transfer on a legal basis needs the legal basis recorded.",
            TransferBases.Reply when grounds.RepliesToJurisdiction == to => null,
            TransferBases.Reply => $"A reply goes only to the jurisdiction whose request it answers ({grounds.RepliesToJurisdiction ?? "none"}), not to {to}.",
            _ => $"'{grounds.Basis}' is not a ground for a cross-border transfer (consent, legal-basis or reply).",
        };
        if (transfer is not null)
            return new Refusal("cross-border-transfer-needs-consent-or-legal-basis", transfer,
                "GDPR arts. 6, 9, 44–49; Directive (EU) 2016/680 arts. 35–39; CETS 197 art. 11");

        if (!HandlingCodes.All.Contains(grounds.HandlingCode))
            return new Refusal("handling-code-unknown", $"'{grounds.HandlingCode}' is not a known handling code ({string.Join(", ", HandlingCodes.All)}).");
        if (grounds.HandlingCode == HandlingCodes.NationalOnly)
            return new Refusal("handling-national-only", "The data carries the handling code 'national-only': it never leaves this node.", "Handling code of the originating authority");

        if (type == typeof(CrossBorderRequest))
        {
            string Text(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            if (Text("fromJurisdiction") != from || Text("toJurisdiction") != to)
                return new Refusal("cross-border-addressing", $"The request names {Text("fromJurisdiction")} → {Text("toJurisdiction")} but is sent {from} → {to}.");
            if (grounds.Basis == TransferBases.Reply)
                return new Refusal("cross-border-transfer-needs-consent-or-legal-basis", "A request is never a reply: it needs the person's consent or a legal basis.", "GDPR arts. 44–49; Directive (EU) 2016/680 arts. 35–39");
            if (Text("basis") != grounds.Basis || (grounds.Basis == TransferBases.LegalBasis && Text("legalBasis") != grounds.LegalBasis))
                return new Refusal("cross-border-basis-mismatch", $"The request states the basis '{Text("basis")}' but the transfer rests on '{grounds.Basis}'.");
            if (Text("handlingCode") != grounds.HandlingCode)
                return new Refusal("cross-border-handling-mismatch", $"The request states the handling code '{Text("handlingCode")}' but the data carries '{grounds.HandlingCode}'.");
            if (!CrossBorderPurposes.All.Contains(Text("purpose")))
                return new Refusal("cross-border-purpose-unknown", $"'{Text("purpose")}' is not a purpose of the referral mechanism ({string.Join(", ", CrossBorderPurposes.All)}).");
            if (AttachmentCrossing.Check(body) is { } attachment) return attachment;
        }

        return Minimisation.Check(type, body);
    }
}
