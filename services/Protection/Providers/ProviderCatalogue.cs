namespace TransnationalReferral.Protection.Providers;

public enum ProviderType { Ngo, PublicService, InternationalOrganisation, Private }

/// <summary>The age groups a provider serves (schema <c>AgeGroupServed</c>: not the age band of a person, Identification's <c>AgeGroup</c>).</summary>
public enum AgeGroup { Children, Adults }

/// <summary>
/// A service provider in a jurisdiction's catalogue: what it offers, to whom (sex served — the case's words, female or
/// male —, age, child-appropriate),
/// in which languages, with how many places (accommodation) and how fast it answers a referral.
/// Organisations, not people: no personal data.
/// </summary>
public sealed record Provider(
    string Id,
    string Jurisdiction,
    string Organisation,
    string Name,
    ProviderType Type,
    IReadOnlyList<Need> Services,
    int? Capacity,
    SexServed SexServed,
    IReadOnlyList<AgeGroup> AgeGroups,
    bool ChildAppropriate,
    IReadOnlyList<string> Languages,
    int ResponseTimeHours,
    bool Active,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    /// <summary>Providers stored before the vocabulary was one say <c>gender</c> (Any, Women, Men): read into <see cref="SexServed"/>, never written.</summary>
    [JsonInclude, JsonPropertyName("gender"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), StoredOnly]
    private SexServed? StoredGender
    {
        get => null;
        init { if (value is { } sex) SexServed = sex; }
    }

    /// <summary>The former name, for the referral's matching code (not part of the API: <see cref="SexServed"/> is).</summary>
    [JsonIgnore]
    public SexServed Gender => SexServed;

    public static string IdOf(string jurisdiction, string organisation) => $"{jurisdiction}/{organisation}";
}

/// <summary>A provider with the places it has left (accommodation: capacity minus referrals accepted or in progress).</summary>
public sealed record ProviderAvailability(Provider Provider, int? FreePlaces)
{
    public bool HasRoom => FreePlaces is null or > 0;
}

/// <summary>The per-jurisdiction catalogue: the focal point keeps it; everyone who may read cases may consult it.</summary>
public static class ProviderCatalogue
{
    public sealed record RegisterProvider(
        string Name,
        ProviderType Type,
        IReadOnlyList<Need> Services,
        SexServed SexServed,
        IReadOnlyList<AgeGroup> AgeGroups,
        bool ChildAppropriate,
        IReadOnlyList<string> Languages,
        int ResponseTimeHours,
        int? Capacity = null,
        bool Active = true);

    public static string? Validate(string organisation, RegisterProvider p) =>
        !OrganisationCodes.IsValid(organisation) ? $"organisation: {OrganisationCodes.Format}."
        : string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 200 ? "name: the provider's name, at most 200 characters."
        : p.Services is not { Count: > 0 } ? "services: at least one service (a need code)."
        : p.AgeGroups is not { Count: > 0 } ? "ageGroups: children, adults or both."
        : p.ChildAppropriate && !p.AgeGroups.Contains(AgeGroup.Children) ? "childAppropriate: a child-appropriate provider serves children (ageGroups)."
        : p.Capacity is < 0 or > 10_000 ? "capacity: between 0 and 10000 places."
        : p.ResponseTimeHours is < 1 or > 24 * 60 ? "responseTimeHours: between 1 and 1440."
        : p.Languages is null || p.Languages.Count > 50 || p.Languages.Any(l => l is null || l.Length is < 2 or > 3 || !l.All(char.IsAsciiLetterLower))
            ? "languages: ISO 639 codes (2–3 lower-case letters), at most 50."
        : null;

    /// <summary>Accepted and running referrals hold places; free places of each provider (null: no capacity limit).</summary>
    public static async Task<IReadOnlyList<ProviderAvailability>> AvailabilityAsync(this IQuerySession session, IReadOnlyList<Provider> providers, CancellationToken ct)
    {
        if (providers.Count == 0) return [];
        var organisations = providers.Select(p => p.Organisation).ToArray();
        var jurisdiction = providers[0].Jurisdiction;
        var held = await session.Query<ReferralRecord>()
            .Where(r => r.Jurisdiction == jurisdiction && r.Service == Need.SafeAccommodation && organisations.Contains(r.ProviderOrganisation)
                        && (r.Status == ReferralStatus.Accepted || r.Status == ReferralStatus.InProgress))
            .ToListAsync(ct);
        var counts = held.GroupBy(r => r.ProviderOrganisation).ToDictionary(g => g.Key, g => g.Count());
        return providers.Select(p => new ProviderAvailability(p, p.Capacity is { } c ? Math.Max(0, c - counts.GetValueOrDefault(p.Organisation)) : null)).ToList();
    }

    public static async Task<ProviderAvailability?> FindAsync(this IQuerySession session, string jurisdiction, string organisation, CancellationToken ct) =>
        await session.LoadAsync<Provider>(Provider.IdOf(jurisdiction, organisation), ct) is { } provider
            ? (await session.AvailabilityAsync([provider], ct))[0]
            : null;

    public static RouteGroupBuilder MapProviderCatalogue(this RouteGroupBuilder providers)
    {
        providers.MapPut("/{organisation}", async (string organisation, RegisterProvider body, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (Validate(organisation, body) is { } problem) return Problems.Invalid(problem.Split(':')[0], problem);
                var actor = http.Actor();
                var id = Provider.IdOf(actor.Jurisdiction, organisation);
                var existing = await session.LoadAsync<Provider>(id, ct);
                var provider = new Provider(id, actor.Jurisdiction, organisation, body.Name.Trim(), body.Type, body.Services.Distinct().ToList(), body.Capacity,
                    body.SexServed, body.AgeGroups.Distinct().ToList(), body.ChildAppropriate, body.Languages.Distinct().ToList(), body.ResponseTimeHours, body.Active,
                    http.Now(), actor.Id);
                session.Store(provider);
                await session.SaveChangesAsync(ct);
                return existing is null ? Results.Created($"/api/protection/providers/{organisation}", provider) : Results.Ok(provider);
            })
            .RequireAuthorization(Permissions.ManageProviders)
            .WithName("RegisterServiceProvider")
            .WithSummary("Add or update a service provider in your jurisdiction's catalogue (services, capacity, sex and age groups served, child-appropriate, languages, response time).")
            .Produces<Provider>()
            .ProducesValidationProblem();

        providers.MapGet("/", async (string? service, string? language, bool? childAppropriate, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                Need? need = null;
                if (service is not null)
                {
                    if (!Codes.TryParse<Need>(service, out var parsed)) return Problems.Invalid("service", $"one of {string.Join(", ", Enum.GetValues<Need>().Select(n => Codes.Of(n)))}.");
                    need = parsed;
                }
                var jurisdiction = http.Actor().Jurisdiction;
                var all = await session.Query<Provider>().Where(p => p.Jurisdiction == jurisdiction).OrderBy(p => p.Organisation).ToListAsync(ct);
                var matching = all.Where(p => (need is null || p.Services.Contains(need.Value))
                                              && (language is null || p.Languages.Contains(language))
                                              && (childAppropriate is null || p.ChildAppropriate == childAppropriate)).ToList();
                return Results.Ok(await session.AvailabilityAsync(matching, ct));
            })
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("ListServiceProviders")
            .WithSummary("Your jurisdiction's service providers with their free places, filtered by service, language and child-appropriateness.")
            .Produces<IReadOnlyList<ProviderAvailability>>();

        providers.MapGet("/{organisation}", async (string organisation, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await session.FindAsync(http.Actor().Jurisdiction, organisation, ct) is { } found ? Results.Ok(found) : Problems.NotFound("The service provider"))
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("GetServiceProvider")
            .WithSummary("One provider of your jurisdiction's catalogue, with its free places.")
            .Produces<ProviderAvailability>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return providers;
    }

    /// <summary><c>GET {cases}/{caseId}/shelter-matches</c>: accommodation that fits the person (age, and a single-sex shelter where they ask for one), with room.</summary>
    public static RouteGroupBuilder MapShelterMatching(this RouteGroupBuilder cases)
    {
        cases.MapGet("/{caseId:guid}/shelter-matches", async (Guid caseId, string? sex, string? language, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                SexServed? asked = null;
                if (sex is not null)
                {
                    if (!Codes.TryParse<SexServed>(sex, out var parsed) || parsed == SexServed.Any) return Problems.Invalid("sex", "female or male: the single-sex shelter the person asks for (omit when they do not ask).");
                    asked = parsed;
                }
                var state = await session.Events.AggregateStreamAsync<ProtectionCase>(caseId, token: ct);
                if (state is null) return Problems.NotFound("The case");
                var candidates = await session.Query<Provider>().Where(p => p.Jurisdiction == state.Jurisdiction && p.Active).ToListAsync(ct);
                var fitting = candidates.Where(p => p.Services.Contains(Need.SafeAccommodation) && Referring.Fits(p, state, asked) is null).ToList();
                var available = (await session.AvailabilityAsync(fitting, ct)).Where(a => a.HasRoom)
                    .OrderByDescending(a => language is not null && a.Provider.Languages.Contains(language))
                    .ThenByDescending(a => a.FreePlaces ?? int.MaxValue)
                    .ToList();
                return Results.Ok(available);
            })
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("MatchShelters")
            .WithSummary("Shelters of the case's jurisdiction that fit the person — child-appropriate for a child, the age group served, the single-sex shelter they ask for (sex=female|male) — with free places, those speaking the person's language first.")
            .Produces<IReadOnlyList<ProviderAvailability>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return cases;
    }
}
