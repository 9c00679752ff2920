namespace TransnationalReferral.Gateway.OwnAccess;

/// <summary>
/// The catalogue of the own-data export's texts — headings, field labels, service names, and each decision's name and
/// explanation — in English and in the languages the seed's people read (Romanian, Dutch). A text the person's language
/// lacks is given in English and marked so (<see cref="Text"/> returns the language it is in); a language the catalogue
/// does not have at all gives the whole export in English, saying so. Decisions not in the catalogue are named by their
/// code in plain words (English).
/// </summary>
public static class OwnAccessTexts
{
    public const string Fallback = "en";

    private static readonly Dictionary<string, Dictionary<string, string>> Catalogue = new()
    {
        ["en"] = new()
        {
            ["title"] = "Your data and the decisions about you",
            ["intro"] = "This is a copy of the personal data we hold about you and of every decision taken about you, with who took it, when, on what legal basis and why (GDPR art. 15). You may ask for anything wrong to be corrected, object, ask for erasure where the law allows it, and complain to the data-protection authority.",
            ["request"] = "Your request",
            ["requested-by"] = "Requested by",
            ["received-at"] = "Received",
            ["due-at"] = "To be answered by",
            ["produced-at"] = "Produced",
            ["personal-data"] = "Personal data",
            ["decisions"] = "Decisions",
            ["when"] = "When (UTC)",
            ["decision"] = "Decision",
            ["who"] = "Who decided",
            ["legal-basis"] = "Legal basis",
            ["reasons"] = "Reasons",
            ["case"] = "Case",
            ["none"] = "None recorded.",
            ["erased"] = "Your personal data was erased.",
            ["in-english"] = "in English",
            ["fallback-note"] = "Some texts are not yet available in your language and are given in English (marked EN).",
            ["names"] = "Names", ["aliases"] = "Other names used", ["dateOfBirth"] = "Date of birth", ["nationality"] = "Nationality", ["languages"] = "Languages",
            ["contact"] = "Contact", ["identityDocuments"] = "Identity documents", ["photoReference"] = "Photograph (reference)",
            ["person"] = "You", ["guardian"] = "Your guardian", ["lawyer"] = "Your lawyer",
            ["service.identification"] = "Identification as a victim", ["service.protection"] = "Protection and assistance", ["service.return"] = "Return",
            ["service.remedies"] = "Compensation and remedies", ["service.judicial"] = "Judicial cooperation",
            ["decision.case_opened.title"] = "Case opened", ["decision.case_opened.explanation"] = "A signal that you may be a victim of trafficking was recorded.",
            ["decision.information_on_rights_recorded.title"] = "Information on your rights", ["decision.information_on_rights_recorded.explanation"] = "You were informed of your rights, the assistance available and the recovery and reflection period.",
            ["decision.personal_data_recorded.title"] = "Personal data recorded", ["decision.personal_data_recorded.explanation"] = "Your personal data was recorded or corrected.",
            ["decision.presumed_victim_recognised.title"] = "Recognised as a presumed victim", ["decision.presumed_victim_recognised.explanation"] = "There are reasonable grounds to believe you are a victim: you are entitled to assistance.",
            ["decision.reflection_period_started.title"] = "Recovery and reflection period started", ["decision.reflection_period_started.explanation"] = "You have time to recover and decide whether to cooperate with the authorities.",
            ["decision.reflection_period_extended.title"] = "Reflection period extended",
            ["decision.reflection_period_ended.title"] = "Reflection period ended",
            ["decision.victim_identified.title"] = "Identified as a victim", ["decision.victim_identified.explanation"] = "The conclusive decision: you are identified as a victim of trafficking.",
            ["decision.victim_not_identified.title"] = "Not identified as a victim", ["decision.victim_not_identified.explanation"] = "The conclusive decision: you were not identified as a victim. You may ask for it to be reconsidered.",
            ["decision.consent_recorded.title"] = "Consent recorded", ["decision.consent_recorded.explanation"] = "You agreed to your information being used or shared as described.",
            ["decision.consent_withdrawn.title"] = "Consent withdrawn",
            ["decision.case_shared.title"] = "Case shared", ["decision.case_shared.explanation"] = "Another organisation may see your case, for a stated purpose and until a stated date.",
            ["decision.case_share_revoked.title"] = "Sharing ended",
            ["decision.guardian_appointed.title"] = "Guardian appointed",
            ["decision.own_data_request_recorded.title"] = "Your request for your data", ["decision.own_data_request_recorded.explanation"] = "Your request for a copy of your data and the decisions about you was recorded.",
            ["decision.own_data_request_answered.title"] = "Your request answered",
            ["decision.protection_case_opened.title"] = "Protection case opened",
            ["decision.assistance_entitled.title"] = "Entitled to assistance", ["decision.assistance_entitled.explanation"] = "You are entitled to accommodation, medical care, counselling, an interpreter and legal advice.",
            ["decision.needs_assessed.title"] = "Your needs assessed",
            ["decision.referral_requested.title"] = "Referred to a support provider",
            ["decision.support_plan_agreed.title"] = "Support plan agreed",
            ["decision.reflection_period_noted.title"] = "Reflection period noted",
            ["decision.remedies_file_opened.title"] = "Compensation file opened",
            ["decision.remedy_information_provided.title"] = "Information on compensation", ["decision.remedy_information_provided.explanation"] = "You were informed of how to claim compensation and of legal aid.",
            ["decision.legal_aid_assigned.title"] = "Legal aid assigned",
            ["decision.claim_prepared.title"] = "Compensation claim prepared",
            ["decision.claim_filed.title"] = "Compensation claim filed",
            ["decision.return_file_opened.title"] = "Return file opened",
            ["decision.return_information_provided.title"] = "Information on return",
            ["decision.case_file_opened.title"] = "Judicial file opened",
            ["decision.victim_recognition_noted.title"] = "Recognition as a victim noted",
            ["decision.request_drafted.title"] = "Request to another country drafted",
        },
        ["ro"] = new()
        {
            ["title"] = "Datele dumneavoastră și deciziile care vă privesc",
            ["intro"] = "Aceasta este o copie a datelor personale pe care le deținem despre dumneavoastră și a fiecărei decizii luate cu privire la dumneavoastră, cu cine a luat-o, când, în ce temei legal și de ce (RGPD art. 15). Puteți cere corectarea oricărei date greșite, vă puteți opune, puteți cere ștergerea acolo unde legea permite și puteți depune plângere la autoritatea de protecție a datelor.",
            ["request"] = "Cererea dumneavoastră",
            ["requested-by"] = "Solicitată de",
            ["received-at"] = "Primită",
            ["due-at"] = "Termen de răspuns",
            ["produced-at"] = "Întocmit",
            ["personal-data"] = "Date personale",
            ["decisions"] = "Decizii",
            ["when"] = "Când (UTC)",
            ["decision"] = "Decizia",
            ["who"] = "Cine a decis",
            ["legal-basis"] = "Temei legal",
            ["reasons"] = "Motive",
            ["case"] = "Dosar",
            ["none"] = "Nimic înregistrat.",
            ["erased"] = "Datele dumneavoastră personale au fost șterse.",
            ["in-english"] = "în engleză",
            ["fallback-note"] = "Unele texte nu sunt încă disponibile în limba dumneavoastră și sunt date în engleză (marcate EN).",
            ["names"] = "Nume", ["aliases"] = "Alte nume folosite", ["dateOfBirth"] = "Data nașterii", ["nationality"] = "Cetățenie", ["languages"] = "Limbi",
            ["contact"] = "Contact", ["identityDocuments"] = "Documente de identitate", ["photoReference"] = "Fotografie (referință)",
            ["person"] = "Dumneavoastră", ["guardian"] = "Tutorele dumneavoastră", ["lawyer"] = "Avocatul dumneavoastră",
            ["service.identification"] = "Identificarea ca victimă", ["service.protection"] = "Protecție și asistență", ["service.return"] = "Întoarcere",
            ["service.remedies"] = "Despăgubiri și căi de atac", ["service.judicial"] = "Cooperare judiciară",
            ["decision.case_opened.title"] = "Dosar deschis", ["decision.case_opened.explanation"] = "A fost înregistrat un semnal că ați putea fi victimă a traficului de persoane.",
            ["decision.information_on_rights_recorded.title"] = "Informare privind drepturile", ["decision.information_on_rights_recorded.explanation"] = "Ați fost informat(ă) despre drepturile dumneavoastră, asistența disponibilă și perioada de recuperare și reflecție.",
            ["decision.personal_data_recorded.title"] = "Date personale înregistrate", ["decision.personal_data_recorded.explanation"] = "Datele dumneavoastră personale au fost înregistrate sau corectate.",
            ["decision.presumed_victim_recognised.title"] = "Recunoscut(ă) ca victimă prezumată", ["decision.presumed_victim_recognised.explanation"] = "Există motive întemeiate să se creadă că sunteți victimă: aveți dreptul la asistență.",
            ["decision.reflection_period_started.title"] = "A început perioada de recuperare și reflecție", ["decision.reflection_period_started.explanation"] = "Aveți timp să vă recuperați și să decideți dacă cooperați cu autoritățile.",
            ["decision.reflection_period_extended.title"] = "Perioada de reflecție prelungită",
            ["decision.reflection_period_ended.title"] = "Perioada de reflecție încheiată",
            ["decision.victim_identified.title"] = "Identificat(ă) ca victimă", ["decision.victim_identified.explanation"] = "Decizia finală: sunteți identificat(ă) ca victimă a traficului de persoane.",
            ["decision.victim_not_identified.title"] = "Neidentificat(ă) ca victimă", ["decision.victim_not_identified.explanation"] = "Decizia finală: nu ați fost identificat(ă) ca victimă. Puteți cere reexaminarea.",
            ["decision.consent_recorded.title"] = "Consimțământ înregistrat", ["decision.consent_recorded.explanation"] = "Ați fost de acord ca informațiile dumneavoastră să fie folosite sau transmise așa cum s-a descris.",
            ["decision.consent_withdrawn.title"] = "Consimțământ retras",
            ["decision.case_shared.title"] = "Dosar partajat", ["decision.case_shared.explanation"] = "O altă organizație poate vedea dosarul dumneavoastră, într-un scop declarat și până la o dată declarată.",
            ["decision.case_share_revoked.title"] = "Partajare încheiată",
            ["decision.guardian_appointed.title"] = "Tutore numit",
            ["decision.own_data_request_recorded.title"] = "Cererea dumneavoastră privind datele", ["decision.own_data_request_recorded.explanation"] = "Cererea dumneavoastră pentru o copie a datelor și a deciziilor care vă privesc a fost înregistrată.",
            ["decision.own_data_request_answered.title"] = "Cererea dumneavoastră a primit răspuns",
            ["decision.protection_case_opened.title"] = "Dosar de protecție deschis",
            ["decision.assistance_entitled.title"] = "Drept la asistență", ["decision.assistance_entitled.explanation"] = "Aveți dreptul la cazare, îngrijire medicală, consiliere, interpret și consiliere juridică.",
            ["decision.needs_assessed.title"] = "Nevoile dumneavoastră evaluate",
            ["decision.referral_requested.title"] = "Trimis(ă) către un furnizor de sprijin",
            ["decision.support_plan_agreed.title"] = "Plan de sprijin convenit",
            ["decision.reflection_period_noted.title"] = "Perioada de reflecție consemnată",
            ["decision.remedies_file_opened.title"] = "Dosar de despăgubire deschis",
            ["decision.remedy_information_provided.title"] = "Informare privind despăgubirile", ["decision.remedy_information_provided.explanation"] = "Ați fost informat(ă) cum să cereți despăgubiri și despre asistența juridică.",
            ["decision.legal_aid_assigned.title"] = "Asistență juridică acordată",
            ["decision.claim_prepared.title"] = "Cerere de despăgubire pregătită",
            ["decision.claim_filed.title"] = "Cerere de despăgubire depusă",
            ["decision.return_file_opened.title"] = "Dosar de întoarcere deschis",
            ["decision.return_information_provided.title"] = "Informare privind întoarcerea",
            ["decision.case_file_opened.title"] = "Dosar judiciar deschis",
            ["decision.victim_recognition_noted.title"] = "Recunoașterea ca victimă consemnată",
        },
        ["nl"] = new()
        {
            ["title"] = "Uw gegevens en de beslissingen over u",
            ["intro"] = "Dit is een kopie van de persoonsgegevens die wij over u hebben en van elke beslissing die over u is genomen, met wie die nam, wanneer, op welke wettelijke grondslag en waarom (AVG art. 15). U kunt vragen om onjuiste gegevens te verbeteren, bezwaar maken, om wissing vragen waar de wet dat toestaat en een klacht indienen bij de Autoriteit Persoonsgegevens.",
            ["request"] = "Uw verzoek",
            ["requested-by"] = "Gevraagd door",
            ["received-at"] = "Ontvangen",
            ["due-at"] = "Te beantwoorden vóór",
            ["produced-at"] = "Opgesteld",
            ["personal-data"] = "Persoonsgegevens",
            ["decisions"] = "Beslissingen",
            ["when"] = "Wanneer (UTC)",
            ["decision"] = "Beslissing",
            ["who"] = "Wie besliste",
            ["legal-basis"] = "Wettelijke grondslag",
            ["reasons"] = "Redenen",
            ["case"] = "Dossier",
            ["none"] = "Niets vastgelegd.",
            ["erased"] = "Uw persoonsgegevens zijn gewist.",
            ["in-english"] = "in het Engels",
            ["fallback-note"] = "Sommige teksten zijn nog niet in uw taal beschikbaar en staan in het Engels (gemarkeerd EN).",
            ["names"] = "Namen", ["aliases"] = "Andere gebruikte namen", ["dateOfBirth"] = "Geboortedatum", ["nationality"] = "Nationaliteit", ["languages"] = "Talen",
            ["contact"] = "Contact", ["identityDocuments"] = "Identiteitsdocumenten", ["photoReference"] = "Foto (verwijzing)",
            ["person"] = "U", ["guardian"] = "Uw voogd", ["lawyer"] = "Uw advocaat",
            ["service.identification"] = "Identificatie als slachtoffer", ["service.protection"] = "Bescherming en hulp", ["service.return"] = "Terugkeer",
            ["service.remedies"] = "Schadevergoeding en rechtsmiddelen", ["service.judicial"] = "Justitiële samenwerking",
            ["decision.case_opened.title"] = "Dossier geopend", ["decision.case_opened.explanation"] = "Er is een signaal vastgelegd dat u slachtoffer van mensenhandel kunt zijn.",
            ["decision.information_on_rights_recorded.title"] = "Informatie over uw rechten", ["decision.information_on_rights_recorded.explanation"] = "U bent geïnformeerd over uw rechten, de beschikbare hulp en de herstel- en bedenktijd.",
            ["decision.personal_data_recorded.title"] = "Persoonsgegevens vastgelegd", ["decision.personal_data_recorded.explanation"] = "Uw persoonsgegevens zijn vastgelegd of verbeterd.",
            ["decision.presumed_victim_recognised.title"] = "Erkend als vermoedelijk slachtoffer", ["decision.presumed_victim_recognised.explanation"] = "Er zijn redelijke gronden om aan te nemen dat u slachtoffer bent: u hebt recht op hulp.",
            ["decision.reflection_period_started.title"] = "Herstel- en bedenktijd begonnen", ["decision.reflection_period_started.explanation"] = "U krijgt tijd om te herstellen en te beslissen of u met de autoriteiten samenwerkt.",
            ["decision.reflection_period_extended.title"] = "Bedenktijd verlengd",
            ["decision.reflection_period_ended.title"] = "Bedenktijd beëindigd",
            ["decision.victim_identified.title"] = "Geïdentificeerd als slachtoffer", ["decision.victim_identified.explanation"] = "De definitieve beslissing: u bent geïdentificeerd als slachtoffer van mensenhandel.",
            ["decision.victim_not_identified.title"] = "Niet geïdentificeerd als slachtoffer", ["decision.victim_not_identified.explanation"] = "De definitieve beslissing: u bent niet als slachtoffer geïdentificeerd. U kunt om heroverweging vragen.",
            ["decision.consent_recorded.title"] = "Toestemming vastgelegd", ["decision.consent_recorded.explanation"] = "U hebt ermee ingestemd dat uw gegevens worden gebruikt of gedeeld zoals beschreven.",
            ["decision.consent_withdrawn.title"] = "Toestemming ingetrokken",
            ["decision.case_shared.title"] = "Dossier gedeeld", ["decision.case_shared.explanation"] = "Een andere organisatie mag uw dossier zien, voor een genoemd doel en tot een genoemde datum.",
            ["decision.case_share_revoked.title"] = "Delen beëindigd",
            ["decision.guardian_appointed.title"] = "Voogd benoemd",
            ["decision.own_data_request_recorded.title"] = "Uw verzoek om uw gegevens", ["decision.own_data_request_recorded.explanation"] = "Uw verzoek om een kopie van uw gegevens en van de beslissingen over u is vastgelegd.",
            ["decision.own_data_request_answered.title"] = "Uw verzoek beantwoord",
            ["decision.protection_case_opened.title"] = "Beschermingsdossier geopend",
            ["decision.assistance_entitled.title"] = "Recht op hulp", ["decision.assistance_entitled.explanation"] = "U hebt recht op opvang, medische zorg, begeleiding, een tolk en juridisch advies.",
            ["decision.needs_assessed.title"] = "Uw behoeften beoordeeld",
            ["decision.referral_requested.title"] = "Doorverwezen naar een hulpverlener",
            ["decision.support_plan_agreed.title"] = "Hulpplan afgesproken",
            ["decision.reflection_period_noted.title"] = "Bedenktijd genoteerd",
            ["decision.remedies_file_opened.title"] = "Schadevergoedingsdossier geopend",
            ["decision.remedy_information_provided.title"] = "Informatie over schadevergoeding", ["decision.remedy_information_provided.explanation"] = "U bent geïnformeerd over hoe u schadevergoeding vraagt en over rechtsbijstand.",
            ["decision.legal_aid_assigned.title"] = "Rechtsbijstand toegewezen",
            ["decision.claim_prepared.title"] = "Schadevergoedingsverzoek voorbereid",
            ["decision.claim_filed.title"] = "Schadevergoedingsverzoek ingediend",
            ["decision.return_file_opened.title"] = "Terugkeerdossier geopend",
            ["decision.return_information_provided.title"] = "Informatie over terugkeer",
            ["decision.case_file_opened.title"] = "Justitieel dossier geopend",
            ["decision.victim_recognition_noted.title"] = "Erkenning als slachtoffer genoteerd",
            ["decision.request_drafted.title"] = "Verzoek aan een ander land opgesteld",
        },
    };

    /// <summary>The languages the catalogue has.</summary>
    public static IReadOnlyCollection<string> Languages => Catalogue.Keys;

    /// <summary>The language the export is written in: the person's when the catalogue has it, otherwise English.</summary>
    public static string LanguageFor(string? requested) => requested is not null && Catalogue.ContainsKey(requested) ? requested : Fallback;

    /// <summary>A text in <paramref name="language"/>, or in English when the catalogue lacks it there; null when not even English has it.</summary>
    public static (string Text, string Language)? Text(string language, string key) =>
        Catalogue.TryGetValue(language, out var texts) && texts.TryGetValue(key, out var text) ? (text, language)
        : Catalogue[Fallback].TryGetValue(key, out var english) ? (english, Fallback) : null;

    /// <summary>A heading or label (always in the catalogue's English at least).</summary>
    public static string Label(string language, string key) => Text(language, key)?.Text ?? key;

    /// <summary>A decision's name and explanation: from the catalogue, or its code in plain English words.</summary>
    public static (string Title, string? Explanation, string Language) Decision(string language, string code)
    {
        var title = Text(language, $"decision.{code}.title");
        var explanation = Text(language, $"decision.{code}.explanation");
        if (title is not { } named)
        {
            var words = code.Replace('_', ' ');
            return (words.Length == 0 ? code : char.ToUpperInvariant(words[0]) + words[1..], null, Fallback);
        }
        var inLanguage = named.Language == language && (explanation is null || explanation.Value.Language == language);
        return (named.Text, explanation?.Text, inLanguage ? language : Fallback);
    }
}
