namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// Data minimisation for what crosses a border: every cross-border message type has an allow-list of the members it
/// may carry (as they appear on the wire), reviewed here in one place. A message with a member not on its list, a
/// nested object, or a string that is free text (whitespace, longer than a code) does not leave the node.
/// <c>CrossBorderContractTests</c> fails when a contract gains a member that is not on its list.
/// </summary>
public static class Minimisation
{
    public const string Rule = "cross-border-data-minimisation";
    private const string Source = "GDPR art. 5(1)(c); Directive (EU) 2016/680 art. 4(1)(c); CETS 197 art. 11";
    private const int MaxCodeLength = 128;

    /// <summary>The members each message type may carry. Adding one here is a data-protection decision: review it.</summary>
    public static readonly IReadOnlyDictionary<Type, IReadOnlySet<string>> AllowedMembers = new Dictionary<Type, IReadOnlySet<string>>
    {
        [typeof(CrossBorderRequest)] = Set("requestId", "purpose", "fromJurisdiction", "toJurisdiction", "caseReference", "childCase", "questions", "basis", "legalBasis", "handlingCode", "respondBy", "requestedAt", "identityKeys", "attachments"),
        [typeof(CrossBorderDeliveryEvidence)] = Set("evidenceId", "requestId", "messageId", "messageDigest", "evidence", "byJurisdiction", "at"),
        [typeof(CrossBorderAccepted)] = Set("requestId", "byJurisdiction", "acceptedAt"),
        [typeof(CrossBorderDeclined)] = Set("requestId", "byJurisdiction", "reasonCode", "declinedAt"),
        [typeof(CrossBorderOutcome)] = Set("requestId", "byJurisdiction", "outcome", "concludedAt", "details"),
        [typeof(CrossBorderUpdate)] = Set("requestId", "byJurisdiction", "sequence", "update", "at", "details"),
    };

    /// <summary>
    /// The members a message may carry as a list of objects, and the members each object may carry: the only nesting
    /// allowed (a request's attachments, by reference). Reviewed like <see cref="AllowedMembers"/>.
    /// </summary>
    public static readonly IReadOnlyDictionary<(Type Type, string Member), IReadOnlySet<string>> AllowedNestedMembers = new Dictionary<(Type, string), IReadOnlySet<string>>
    {
        [(typeof(CrossBorderRequest), "attachments")] = Set("reference", "classification", "handlingCode", "redaction", "containsPersonalData", "fullVersionLegalBasis"),
    };

    private static IReadOnlySet<string> Set(params string[] members) => new HashSet<string>(members, StringComparer.Ordinal);

    /// <summary>The wire body checked against its type's allow-list; null when it may leave.</summary>
    public static Refusal? Check(Type type, JsonElement body)
    {
        if (!AllowedMembers.TryGetValue(type, out var allowed))
            return new Refusal(Rule, $"{type.Name} is not a cross-border message type: it has no allow-list, so it cannot leave the node.", Source);
        if (body.ValueKind != JsonValueKind.Object) return new Refusal(Rule, "A cross-border message is a JSON object.", Source);
        foreach (var member in body.EnumerateObject())
        {
            if (!allowed.Contains(member.Name))
                return new Refusal(Rule, $"'{member.Name}' is not on the allow-list of {type.Name}: it does not leave the node.", Source);
            if (AllowedNestedMembers.TryGetValue((type, member.Name), out var nested))
            {
                if (Nested(member.Value, nested) is { } what) return new Refusal(Rule, $"'{member.Name}' of {type.Name} {what}: cross-border messages carry ids and codes only.", Source);
                continue;
            }
            if (FreeText(member.Value) is { } why)
                return new Refusal(Rule, $"'{member.Name}' of {type.Name} {why}: cross-border messages carry ids and codes only.", Source);
        }
        return null;
    }

    /// <summary>A list of objects with only their allowed members, each an id or a code; null when it may leave.</summary>
    private static string? Nested(JsonElement value, IReadOnlySet<string> allowed)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) return "is not a list";
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) return "is not a list of objects";
            foreach (var member in item.EnumerateObject())
            {
                if (!allowed.Contains(member.Name)) return $"has the member '{member.Name}', which is not on its allow-list";
                if (FreeText(member.Value) is { } why) return $"has '{member.Name}' that {why}";
            }
        }
        return null;
    }

    private static string? FreeText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "is a nested object",
        JsonValueKind.Array => value.EnumerateArray().Select(FreeText).FirstOrDefault(w => w is not null),
        JsonValueKind.String when value.GetString() is { } s && (s.Length > MaxCodeLength || s.Any(char.IsWhiteSpace)) => "looks like free text",
        _ => null,
    };
}
