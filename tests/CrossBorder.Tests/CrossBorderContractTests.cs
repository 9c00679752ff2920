namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// Data minimisation of the contracts: each cross-border message type has an allow-list of members
/// (ServiceDefaults/CrossBorder/Minimisation.cs), and a contract that gains a member not on its list fails here —
/// so adding a field to what crosses a border is always a reviewed change in two places.
/// </summary>
public class CrossBorderContractTests
{
    private static IEnumerable<Type> ContractTypes() => typeof(CrossBorderRequest).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<CrossBorderMessageAttribute>() is not null).OrderBy(t => t.Name);

    /// <summary>The members a contract puts on the wire, as the cross-border JSON names them.</summary>
    public static IReadOnlyList<string> WireMembers(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)
        .Select(p => CrossBorderJson.Options.PropertyNamingPolicy!.ConvertName(p.Name)).Order().ToList();

    [Test]
    public void The_protocol_has_its_six_messages_each_versioned_with_a_unique_wire_type()
    {
        var types = ContractTypes().ToList();
        Assert.That(types.Select(t => t.Name), Is.EquivalentTo(new[]
        {
            nameof(CrossBorderRequest), nameof(CrossBorderDeliveryEvidence), nameof(CrossBorderAccepted), nameof(CrossBorderDeclined), nameof(CrossBorderOutcome), nameof(CrossBorderUpdate),
        }));
        var wireTypes = types.Select(CrossBorderJson.WireType).ToList();
        Assert.That(wireTypes, Is.Unique);
        Assert.That(wireTypes, Has.All.Match(@"^trm\.crossborder\.[a-z-]+\.v[0-9]+$"));
        Assert.That(CrossBorderJson.Types.Keys, Is.EquivalentTo(wireTypes));
    }

    [TestCaseSource(nameof(ContractTypes))]
    public void Every_member_of_a_cross_border_contract_is_on_its_allow_list(Type type)
    {
        Assert.That(Minimisation.AllowedMembers.ContainsKey(type), Is.True, $"{type.Name} has no allow-list in Minimisation.AllowedMembers");
        var notAllowed = WireMembers(type).Except(Minimisation.AllowedMembers[type]).ToList();
        Assert.That(notAllowed, Is.Empty,
            $"{type.Name} gained member(s) {string.Join(", ", notAllowed)} that are not on its allow-list: review them for data minimisation and add them to Minimisation.AllowedMembers (and the AsyncAPI document) — or take them out.");
    }

    [TestCaseSource(nameof(ContractTypes))]
    public void An_allow_list_names_only_members_the_contract_has(Type type) =>
        Assert.That(Minimisation.AllowedMembers[type].Except(WireMembers(type)), Is.Empty, $"{type.Name}'s allow-list names members the contract does not have");

    [Test]
    public void The_allow_list_test_would_catch_a_new_member()
    {
        // The check above, run on a contract with one member too many: it must name that member.
        var extra = WireMembers(typeof(RequestWithAName)).Except(Minimisation.AllowedMembers[typeof(CrossBorderRequest)]).ToList();
        Assert.That(extra, Is.EqualTo(new[] { "personName" }));
    }

    [Test]
    public void The_contracts_serialise_to_exactly_their_wire_members()
    {
        var request = new CrossBorderRequest(Guid.NewGuid(), CrossBorderPurposes.ReturnReception, "AT", "NG", Guid.NewGuid(), false, ["reception-shelter"],
            TransferBases.Consent, null, HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(10), DateTimeOffset.UtcNow);
        var json = JsonSerializer.SerializeToElement(request, CrossBorderJson.Options);
        Assert.That(json.EnumerateObject().Select(p => p.Name).Order(), Is.EqualTo(WireMembers(typeof(CrossBorderRequest))));
        Assert.That(Minimisation.Check(typeof(CrossBorderRequest), json), Is.Null);
    }

    private sealed record RequestWithAName(
        Guid RequestId, string Purpose, string FromJurisdiction, string ToJurisdiction, Guid CaseReference, bool ChildCase, IReadOnlyList<string> Questions,
        string Basis, string? LegalBasis, string HandlingCode, DateTimeOffset RespondBy, DateTimeOffset RequestedAt, string PersonName);
}
