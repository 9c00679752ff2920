using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace TransnationalReferral.Protection.Tests;

/// <summary>
/// One vocabulary (the provider's <c>sexServed: female|male</c>, as the case's <c>sex</c>) without rewriting what is
/// stored: providers stored with <c>gender</c> and events stored with <c>Women</c>/<c>Men</c> still load, as the new words.
/// </summary>
public class StoredVocabularyTests() : ServiceFixture<ProtectionCase>("protection")
{
    [Test]
    public async Task A_provider_stored_with_the_former_gender_field_loads_with_the_sex_it_serves()
    {
        var store = Services.GetRequiredService<IDocumentStore>();
        var id = Protection.Providers.Provider.IdOf("NL", "nl-former-shelter");
        await using (var session = store.LightweightSession())
        {
            session.Store(new Protection.Providers.Provider(id, "NL", "nl-former-shelter", "Shelter stored before", ProviderType.Ngo, [Need.SafeAccommodation], 4, SexServed.Any,
                [AgeGroup.Adults], false, ["nl"], 24, true, DateTimeOffset.Parse("2026-06-01T00:00:00Z"), "fp"));
            await session.SaveChangesAsync();
        }
        // As the document was written before the vocabulary was one: "gender": "Women", no "sexServed".
        await using (var connection = new NpgsqlConnection(Services.GetRequiredService<IConfiguration>().GetConnectionString("Marten")))
        {
            await connection.OpenAsync();
            await using var rewrite = new NpgsqlCommand($"UPDATE {store.Options.Schema.For<Protection.Providers.Provider>()} SET data = (data - 'sexServed') || '{{\"gender\": \"Women\"}}'::jsonb WHERE id = @id", connection);
            rewrite.Parameters.AddWithValue("id", id);
            Assert.That(await rewrite.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }

        await using var query = store.QuerySession();
        var loaded = await query.LoadAsync<Protection.Providers.Provider>(id);
        Assert.That(loaded!.SexServed, Is.EqualTo(SexServed.Female));
        var json = store.Options.Serializer().ToJson(loaded);
        Assert.That(json, Does.Contain("\"sexServed\":\"Female\"").And.Not.Contain("gender"), "written back with the new words only");
    }

    [TestCase("Women", SexServed.Female)]
    [TestCase("Men", SexServed.Male)]
    [TestCase("Female", SexServed.Female)]
    public void A_referral_event_stored_with_the_former_words_reads_as_the_sex_asked_for(string stored, SexServed expected)
    {
        var serializer = Services.GetRequiredService<IDocumentStore>().Options.Serializer();
        var json = $$"""{"caseId":"{{Guid.NewGuid()}}","referralId":"{{Guid.NewGuid()}}","providerOrganisation":"nl-womens-shelter","service":"SafeAccommodation","consentId":"{{Guid.NewGuid()}}","requestedAt":"2026-06-01T10:00:00Z","genderSpecific":"{{stored}}"}""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var read = serializer.FromJson<ReferralRequested>(stream);
        Assert.That(read.GenderSpecific, Is.EqualTo(expected));
        Assert.That(serializer.ToJson(read), Does.Contain($"\"genderSpecific\":\"{expected}\""));
    }
}
