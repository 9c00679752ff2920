namespace TransnationalReferral.JudicialCooperation.Requests;

// What the forms of cooperation beyond mutual legal assistance keep on a request (joint investigation teams, transfer of proceedings).

/// <summary>An entry of a joint investigation team's information-sharing log (codes, never content).</summary>
public sealed record JitSharing(Guid EntryId, string FromMember, string ToMember, string Category, string HandlingCode, DateTimeOffset SharedAt, string RecordedIn);

/// <summary>Why a state takes over proceedings (UNTOC art. 21): what ties the case to the receiving state.</summary>
public enum ForumCriterion { OffenceCommitted, OffenderNationality, VictimNationality, OffenderPresence, EvidenceLocation, VictimsInterests, ProperAdministrationOfJustice }
