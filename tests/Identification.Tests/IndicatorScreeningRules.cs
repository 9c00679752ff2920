using TransnationalReferral.Identification.Indicators;

namespace TransnationalReferral.Identification.Tests;

public class IndicatorScreeningRules
{
    private static readonly IndicatorCatalogue Catalogue = IndicatorCatalogue.Shipped();
    private static readonly DecisionContext Context = As("CaseWorker", "nl-ngo");
    private static readonly IdentificationCase Case = Signalled(source: SignalSource.Ngo, organisation: "nl-ngo", sex: Sex.Male, owner: "nl-ngo");

    [Test]
    public void The_catalogue_covers_every_form_of_exploitation_and_is_versioned()
    {
        var catalogue = Catalogue.For("BE");
        Assert.That(catalogue.Forms.Keys, Is.SupersetOf(new[] { "sexual", "labour", "forced-criminality", "begging", "domestic-servitude", "organ-removal", "forced-marriage" }));
        Assert.That(catalogue.Version, Is.EqualTo("2026.1"));
    }

    [Test]
    public void A_jurisdiction_can_add_indicators_of_its_own()
    {
        Assert.That(Catalogue.For("NL").Knows("labour", "agency-worker-without-contract"), Is.True);
        Assert.That(Catalogue.For("NL").Version, Is.EqualTo("2026.1+NL.1"));
        Assert.That(Catalogue.For("BE").Knows("labour", "agency-worker-without-contract"), Is.False);
    }

    [Test]
    public void A_screening_records_catalogue_indicators_with_version_and_source()
    {
        var screened = (IndicatorsScreened)Decide(Case, new ScreenIndicators([new("labour", "identity-documents-withheld"), new("labour", "agency-worker-without-contract")], ScreeningSource.Interview),
            Context, Catalogue.For("NL")).Events.Single();
        Assert.That(screened.Indicators, Is.EqualTo(new[] { "labour/identity-documents-withheld", "labour/agency-worker-without-contract" }));
        Assert.That(screened.CatalogueVersion, Is.EqualTo("2026.1+NL.1"));
        Assert.That(screened.Source, Is.EqualTo("Interview"));
    }

    [Test]
    public void An_indicator_outside_the_catalogue_is_refused()
    {
        var decision = Decide(Case, new ScreenIndicators([new("labour", "looks-sad")], ScreeningSource.Observation), Context, Catalogue.For("NL"));
        Assert.That(decision.Refusal?.Rule, Is.EqualTo("indicator-unknown"));
        Assert.That(decision.Refusal!.Detail, Does.Contain("labour/looks-sad"));
    }

    [Test]
    public void Screening_can_be_repeated_and_keeps_every_screening()
    {
        var state = Case;
        foreach (var indicator in new[] { "excessive-hours", "wages-withheld" })
            state = state.Apply(Decide(state, new ScreenIndicators([new("labour", indicator)], ScreeningSource.Documents), Context, Catalogue.For("NL")));
        Assert.That(state.Screenings, Is.EqualTo(2));
        Assert.That(state.IndicatorsObserved, Is.EquivalentTo(new[] { "labour/excessive-hours", "labour/wages-withheld" }));
    }
}
