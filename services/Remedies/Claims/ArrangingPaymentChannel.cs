using System.Text.RegularExpressions;

namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// How payments reach the person — e.g. through the partner focal point after a return. The channel is an opaque
/// reference kept by the vault or the partner, never an account number; one through a partner names its jurisdiction.
/// </summary>
public static partial class ArrangingPaymentChannel
{
    public sealed record ArrangePaymentChannel(PaymentChannelKind Kind, string Reference, string? ViaJurisdiction = null, string? Reasons = null);

    public static Decision Decide(RemediesCase state, ArrangePaymentChannel command, DecisionContext context) =>
        command.Kind == PaymentChannelKind.PartnerFocalPoint && command.ViaJurisdiction is null
            ? new Refusal("payment-channel-partner", "A channel through a partner focal point names its jurisdiction.")
            : Decision.Accept(new PaymentChannelArranged(state.Id, command.Kind, command.ViaJurisdiction, command.Reference, context.Now));

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$|^[0-9 -]{12,23}$")]
    private static partial Regex AccountNumber();

    public static string? ChannelReferenceProblem(string reference) =>
        string.IsNullOrWhiteSpace(reference) || reference.Length > 64 ? "reference: an opaque reference (at most 64 characters) kept by the vault or the partner."
        : AccountNumber().IsMatch(reference.Replace(" ", "")) ? "reference: this looks like an account or card number; the channel is a reference kept by the vault or the partner, never an account number."
        : null;

    public static RouteHandlerBuilder MapArrangingPaymentChannel(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/payment-channel", async (Guid caseId, ArrangePaymentChannel command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                ChannelReferenceProblem(command.Reference) is { } problem ? Problems.Invalid("reference", problem)
                : command.ViaJurisdiction is { } via && !Jurisdictions.IsValid(via) ? Problems.Invalid("viaJurisdiction", "an ISO 3166-1 alpha-2 code.")
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(Claiming.LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "ArrangePaymentChannel", "Arrange how payments reach the person — e.g. through the partner focal point after a return. An opaque reference, never an account number.");
}
