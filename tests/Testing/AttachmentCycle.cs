namespace TransnationalReferral.Testing;

/// <summary>
/// The attachment routes every service has on the resources that keep documents, checked the same way in each service's
/// project: attach by reference (201, Location, GET with the resource's ETag), a stale If-Match is 409, the redacted
/// version needs its own reference (422) and is recorded with who and what was removed, withdrawal keeps it readable as
/// withdrawn and refuses a second withdrawal (409).
/// </summary>
public static class AttachmentCycle
{
    /// <param name="resource">The case (or request) path, e.g. <c>/api/protection/cases/{id}</c>; it is what the ETag is read from.</param>
    public static async Task<Guid> AttachRedactWithdrawAsync(this HttpClient client, string resource, string reference, string idName = "caseId")
    {
        // A reference is a document-system reference, never a name or a narrative: it is stored in events and may cross a border.
        var named = await client.DecideAsync($"{resource}/attachments",
            new { reference = "Statement of Ioana Popescu", classification = "confidential", handling = "purpose-only", containsVictimPersonalData = true, legalBasis = "GDPR art. 9(2)(g)" },
            resource, HttpStatusCode.BadRequest);
        Assert.That(await named.Content.ReadAsStringAsync(), Does.Contain("reference").And.Contain("without spaces"));
        var (attachmentId, location) = await client.CreatesAddressableAsync($"{resource}/attachments",
            new { reference, classification = "confidential", handling = "purpose-only", containsVictimPersonalData = true, legalBasis = "GDPR art. 9(2)(g)" }, "attachmentId", read: resource);
        Assert.That(location, Is.EqualTo($"{resource}/attachments/{attachmentId}"));
        var (read, etag) = await client.GetWithETagAsync(location);
        var attachment = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(attachment.GetProperty("reference").GetString(), Is.EqualTo(reference));
        Assert.That(attachment.GetProperty("classification").GetString(), Is.EqualTo("confidential"));
        Assert.That(attachment.GetProperty("redactionState").GetString(), Is.EqualTo("unredacted"));
        Assert.That(etag, Is.EqualTo(await client.ETagOfAsync(resource)), "the attachment's ETag is its resource's version");
        Assert.That((await client.GetAsync($"{resource}/attachments/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var sameReference = await client.DecideAsync($"{resource}/attachments",
            new { reference, classification = "restricted", handling = "purpose-only", containsVictimPersonalData = false }, resource, HttpStatusCode.Conflict);
        Assert.That((await sameReference.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("attachment-already-attached"));

        var ownReference = await client.DecideAsync($"{location}/redaction", new { redactedReference = reference, removed = new[] { "names" } }, resource, HttpStatusCode.UnprocessableEntity);
        Assert.That((await ownReference.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("redacted-version-needs-own-reference"));
        var stale = await client.PostWithIfMatchAsync($"{location}/redaction", new { redactedReference = $"{reference}-redacted", removed = new[] { "names" } }, "\"1\"");
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a stale If-Match");
        var redacted = await client.DecideAsync($"{location}/redaction", new { redactedReference = $"{reference}-redacted", removed = new[] { "names", "health-data" } }, resource);
        Assert.That(redacted.Headers.ETag?.Tag, Is.EqualTo(await client.ETagOfAsync(resource)), "the answer's ETag is the resource's new version");
        attachment = await client.GetFromJsonAsync<JsonElement>(location);
        Assert.That(attachment.GetProperty("redactionState").GetString(), Is.EqualTo("redacted"));
        var redaction = attachment.GetProperty("redacted");
        Assert.That(redaction.GetProperty("reference").GetString(), Is.EqualTo($"{reference}-redacted"));
        Assert.That(redaction.GetProperty("removed").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "names", "health-data" }));
        Assert.That(redaction.GetProperty("redactedBy").GetString(), Is.Not.Empty);

        await client.DecideAsync($"{location}/withdrawal", new { reasons = "Recorded on the wrong file." }, resource);
        Assert.That((await client.GetFromJsonAsync<JsonElement>(location)).GetProperty("withdrawnAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        var again = await client.DecideAsync($"{location}/withdrawal", new { reasons = "Twice." }, resource, HttpStatusCode.Conflict);
        Assert.That((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("attachment-already-withdrawn"));
        var afterWithdrawal = await client.DecideAsync($"{location}/redaction", new { redactedReference = $"{reference}-r2", removed = new[] { "names" } }, resource, HttpStatusCode.Conflict);
        Assert.That((await afterWithdrawal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("attachment-withdrawn"));
        return attachmentId;
    }
}
