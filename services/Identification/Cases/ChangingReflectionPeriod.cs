namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A running reflection period can be extended, with reasons; it can end early only at the person's own
/// informed choice, or on the grounds the Convention allows (public order, victim status claimed improperly),
/// each with reasons. The durable deadlines move or are cancelled in the same transaction. Each decision is a file
/// of its own: <see cref="ExtendingReflectionPeriod"/>, <see cref="EndingReflectionPeriodEarly"/>.
/// </summary>
public static class ChangingReflectionPeriod
{
    public const string LegalBasis = "CETS 197 art. 13(1) and (3)";
}
