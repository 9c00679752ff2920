#!/usr/bin/env bash
# The walk-through of the README as a script: the main job of a focal point, against a running node.
#
#   ./build.sh --target=Up                      # in another terminal
#   deploy/local/walkthrough.sh                 # GATEWAY=http://localhost:8080 by default
#   deploy/local/walkthrough.sh --gateway=http://127.0.0.1:18080 --token-command="deploy/compose/node.sh token"
#                                               # the compose node (./build.sh --target=ComposeCheck runs exactly this)
#
# Adult path: open a case → information on rights → reasonable grounds → Protection entitles the person to
# assistance → a provider in the catalogue → the person's consent to referral → the referral → the provider's
# answer (with the provider's own token) → the history and the cross-service timeline as an auditor reads them.
# Child path: a presumed child → the referral refused (rule and `next`) → guardian → best-interests assessment →
# the guardian's consent → the referral accepted.
#
# Needs bash, curl and jq. Tokens come from `./build.sh --target=Token` (a development token, Development only);
# TRM_TOKEN_COMMAND replaces that command (it is called with --role= --jurisdiction= --organisation= --sub= and its
# last line of output is the token). Any unexpected status stops the script with the step and the answer, exit 1.
# Options (each overrides its variable): --gateway=URL (GATEWAY), --token-command=CMD (TRM_TOKEN_COMMAND),
# --jurisdiction=XX (JURISDICTION), --wait-seconds=N (WAIT_SECONDS).
set -euo pipefail

GATEWAY="${GATEWAY:-http://localhost:8080}"
JURISDICTION="${JURISDICTION:-NL}"
TRM_TOKEN_COMMAND="${TRM_TOKEN_COMMAND:-./build.sh --target=Token}"
WAIT_SECONDS="${WAIT_SECONDS:-60}"
for arg in "$@"; do
  case "$arg" in
    --gateway=*) GATEWAY="${arg#*=}" ;;
    --token-command=*) TRM_TOKEN_COMMAND="${arg#*=}" ;;
    --jurisdiction=*) JURISDICTION="${arg#*=}" ;;
    --wait-seconds=*) WAIT_SECONDS="${arg#*=}" ;;
    *) echo "walkthrough: unknown option $arg (--gateway=URL --token-command=CMD --jurisdiction=XX --wait-seconds=N)" >&2; exit 2 ;;
  esac
done
GATEWAY="${GATEWAY%/}"
RUN="$(date +%s)-$$"   # keeps the provider catalogue entries of two runs apart

command -v jq >/dev/null || { echo "walkthrough: jq is needed (apt-get install jq)" >&2; exit 1; }
command -v curl >/dev/null || { echo "walkthrough: curl is needed" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# ---- plumbing -------------------------------------------------------------------------------------------------

step() { printf '\n== %s\n' "$*"; }
show() { printf '   %s\n' "$*"; }

# token ROLE ORGANISATION SUB: a bearer token for that caller in $JURISDICTION.
token() {
  local out
  # shellcheck disable=SC2086 # the command is a command line
  out="$($TRM_TOKEN_COMMAND --role="$1" --jurisdiction="$JURISDICTION" --organisation="$2" --sub="$3")" \
    || { echo "walkthrough: the token command failed for $1/$2/$3" >&2; exit 1; }
  printf '%s' "$out" | tail -n1 | tr -d '\r\n '
}

# call TOKEN METHOD PATH EXPECTED [BODY] [IF-MATCH]: sets STATUS, BODY, ETAG, LOCATION; fails unless STATUS is
# one of EXPECTED ("200|201").
call() {
  local tok="$1" method="$2" path="$3" expected="$4" body="${5:-}" ifmatch="${6:-}"
  local args=(-sS -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $tok")
  if [[ -n "$body" ]]; then
    args+=(-H 'Content-Type: application/json' --data "$body")
    [[ "$method" == POST ]] && args+=(-H "Idempotency-Key: $(uuid)")
  fi
  [[ -n "$ifmatch" ]] && args+=(-H "If-Match: $ifmatch")
  STATUS="$(curl "${args[@]}" "$GATEWAY$path")" || { echo "walkthrough: $method $path: no answer from $GATEWAY" >&2; exit 1; }
  BODY="$(cat "$WORK/body")"
  ETAG="$(header ETag)"
  LOCATION="$(header Location)"
  if [[ ! "$STATUS" =~ ^($expected)$ ]]; then
    echo "walkthrough: FAILED at: $CURRENT" >&2
    echo "  $method $path → $STATUS (expected $expected)" >&2
    echo "  $BODY" >&2
    exit 1
  fi
}

header() { grep -i "^$1:" "$WORK/headers" | tail -n1 | cut -d' ' -f2- | tr -d '\r' || true; }
uuid() { cat /proc/sys/kernel/random/uuid 2>/dev/null || python3 -c 'import uuid; print(uuid.uuid4())'; }
field() { jq -r "$1" <<<"$BODY"; }

# eventually TOKEN PATH JQ-CONDITION WHAT: polls PATH until the condition holds (Protection hears Identification
# over the bus: a second or two), then leaves the answer in BODY/ETAG.
eventually() {
  local tok="$1" path="$2" condition="$3" what="$4" waited=0
  while :; do
    call "$tok" GET "$path" '200|404'
    if [[ "$STATUS" == 200 ]] && jq -e "$condition" <<<"$BODY" >/dev/null; then return 0; fi
    if (( waited >= WAIT_SECONDS * 2 )); then
      echo "walkthrough: FAILED at: $CURRENT — $what not seen within ${WAIT_SECONDS}s" >&2
      echo "  GET $path → $STATUS $BODY" >&2
      exit 1
    fi
    sleep 0.5; waited=$((waited + 1))
  done
}

# decide TOKEN PATH BODY: a decision on an existing case with the last ETag received for it; the new one in ETAG.
decide() {
  call "$1" POST "$2" '200|201' "$3" "$4"
  show "→ $STATUS, ETag $ETAG${LOCATION:+, Location $LOCATION}"
}

begin() { CURRENT="$*"; step "$@"; }

# ---- who ------------------------------------------------------------------------------------------------------

FOCAL_POINT="$(token FocalPoint nl-focal-point officer-1)"
AUDITOR="$(token Auditor nl-rapporteur auditor-1)"
SHELTER_ORG="nl-shelter-$RUN"
CHILD_ORG="nl-child-services-$RUN"
SHELTER="$(token ServiceProvider "$SHELTER_ORG" intake-3)"
CHILD_SERVICES="$(token ServiceProvider "$CHILD_ORG" intake-5)"

# ---- adult path -----------------------------------------------------------------------------------------------

begin "1. Open a case from a signal (an adult: sex and an age band, never a name)"
call "$FOCAL_POINT" POST /api/identification/cases 201 \
  "{\"source\":\"labour-inspection\",\"signallingOrganisation\":\"nl-labour-inspectorate\",\"jurisdiction\":\"$JURISDICTION\",\"sex\":\"female\",\"ageGroup\":\"25-34\"}"
CASE="$(field .caseId)"; CASE_ETAG="$ETAG"
show "→ $STATUS, Location $LOCATION, ETag $ETAG"
show "  $(jq -c '{caseId, childStatus, version}' <<<"$BODY")"
IDENTIFICATION="/api/identification/cases/$CASE"
PROTECTION="/api/protection/cases/$CASE"

begin "2. Information on rights (If-Match: the ETag of the last answer)"
decide "$FOCAL_POINT" "$IDENTIFICATION/information-on-rights" \
  '{"informedOfRights":true,"informedOfAssistance":true,"informedOfReflectionPeriod":true,"format":"oral","interpreterUsed":true,"language":"ro"}' "$CASE_ETAG"
CASE_ETAG="$ETAG"

begin "3. Reasonable grounds: a presumed victim, a reflection period starts"
decide "$FOCAL_POINT" "$IDENTIFICATION/reasonable-grounds" \
  '{"reasons":"Recruited with a false job offer, debts imposed, documents withheld"}' "$CASE_ETAG"
CASE_ETAG="$ETAG"

begin "4. Protection has the person entitled to assistance (heard from Identification over the bus)"
eventually "$FOCAL_POINT" "$PROTECTION" '.stage == "entitled"' "the entitlement"
show "→ $(jq -c '{stage, entitledAt}' <<<"$BODY")"

begin "5. A service provider in Protection's catalogue (the focal point keeps it)"
call "$FOCAL_POINT" PUT "/api/protection/providers/$SHELTER_ORG" '200|201' \
  '{"name":"Women'"'"'s shelter","type":"ngo","services":["safe-accommodation","psychological"],"capacity":12,"sexServed":"female","ageGroups":["adults"],"childAppropriate":false,"languages":["nl","en","ro"],"responseTimeHours":24}'
show "→ $STATUS $SHELTER_ORG"

begin "6. The person's consent to referral to that provider"
call "$FOCAL_POINT" POST "$IDENTIFICATION/consents" '200|201' \
  "{\"kind\":\"referral-to-services\",\"informedInLanguage\":\"ro\",\"givenBy\":\"person\",\"organisations\":[\"$SHELTER_ORG\"]}" "$CASE_ETAG"
CASE_ETAG="$ETAG"
show "→ $STATUS, ETag $ETAG${LOCATION:+, Location $LOCATION}"
eventually "$FOCAL_POINT" "$PROTECTION" "[.consents[]? | select(.kind == \"referral-to-services\" and .givenBy == \"person\")] | length > 0" "the consent in Protection"
PROTECTION_ETAG="$ETAG"

# referral_id: from the answer (referralId, or the Location), else the newest referral on the case.
referral_id() {
  local id
  id="$(jq -r '.referralId // empty' <<<"$BODY" 2>/dev/null || true)"
  [[ -z "$id" && "$LOCATION" == */referrals/* ]] && id="${LOCATION##*/referrals/}"
  if [[ -z "$id" ]]; then call "$FOCAL_POINT" GET "$1" 200; id="$(jq -r '.referrals[-1].referralId' <<<"$BODY")"; fi
  printf '%s' "$id"
}

begin "7. A referral to the provider"
decide "$FOCAL_POINT" "$PROTECTION/referrals" \
  "{\"providerOrganisation\":\"$SHELTER_ORG\",\"service\":\"safe-accommodation\",\"reasons\":\"Safe accommodation near the person's interpreter\"}" "$PROTECTION_ETAG"
REFERRAL="$(referral_id "$PROTECTION")"
show "  referral $REFERRAL"

begin "8. The provider answers, with its own token (it sees its referral, never the case)"
call "$SHELTER" GET "/api/protection/referrals/$REFERRAL" 200
show "→ $STATUS, ETag $ETAG, $(jq -c '{status, service}' <<<"$BODY")"
decide "$SHELTER" "/api/protection/referrals/$REFERRAL/answer" '{"accepted":true,"reasons":"Room available"}' "$ETAG"
call "$SHELTER" GET "$PROTECTION" 404
show "  the provider reading the case itself → $STATUS"

begin "9. The history and the timeline, as an auditor reads them (purpose=audit)"
call "$AUDITOR" GET "$IDENTIFICATION/history?purpose=audit" 200
show "→ $STATUS, $(jq 'length' <<<"$BODY") decisions in Identification, e.g."
show "  $(jq -c '.[-1] | {decision, actorRole, actorOrganisation, actorJurisdiction, legalBasis}' <<<"$BODY")"
call "$AUDITOR" GET "/api/audit/cases/$CASE/timeline?purpose=audit" 200
show "→ $STATUS, the cross-service timeline: $(jq -c '[.entries[].service] | group_by(.) | map({(.[0]): length}) | add' <<<"$BODY") entries by service"

# ---- child path -----------------------------------------------------------------------------------------------

begin "10. A presumed child: the age is uncertain"
call "$FOCAL_POINT" POST /api/identification/cases 201 \
  "{\"source\":\"police\",\"signallingOrganisation\":\"nl-police\",\"jurisdiction\":\"$JURISDICTION\",\"sex\":\"male\",\"ageGroup\":\"unknown\"}"
CHILD="$(field .caseId)"; CHILD_ETAG="$ETAG"
show "→ $STATUS, $(jq -c '{caseId, childStatus}' <<<"$BODY")"
CHILD_IDENTIFICATION="/api/identification/cases/$CHILD"
CHILD_PROTECTION="/api/protection/cases/$CHILD"
decide "$FOCAL_POINT" "$CHILD_IDENTIFICATION/information-on-rights" \
  '{"informedOfRights":true,"informedOfAssistance":true,"informedOfReflectionPeriod":true,"format":"child-friendly","interpreterUsed":true,"language":"ro"}' "$CHILD_ETAG"
CHILD_ETAG="$ETAG"
decide "$FOCAL_POINT" "$CHILD_IDENTIFICATION/reasonable-grounds" '{"reasons":"Found working in a car wash, no documents, debts to the recruiter"}' "$CHILD_ETAG"
CHILD_ETAG="$ETAG"
call "$FOCAL_POINT" PUT "/api/protection/providers/$CHILD_ORG" '200|201' \
  '{"name":"Child protection services","type":"public-service","services":["psychological","education"],"sexServed":"any","ageGroups":["children"],"childAppropriate":true,"languages":["nl","ro"],"responseTimeHours":48}'
eventually "$FOCAL_POINT" "$CHILD_PROTECTION" '.stage == "entitled"' "the entitlement"
PROTECTION_ETAG="$ETAG"
show "  entitled in Protection, a child-appropriate provider $CHILD_ORG in the catalogue"

begin "11. The referral is refused: a child's referral needs the best-interests assessment first"
call "$FOCAL_POINT" POST "$CHILD_PROTECTION/referrals" '409|422' \
  "{\"providerOrganisation\":\"$CHILD_ORG\",\"service\":\"psychological\",\"reasons\":\"Counselling in Romanian\"}" "$PROTECTION_ETAG"
show "→ $STATUS type=$(field .type)"
show "  legalSource=$(field '.legalSource // empty')"
show "  next=$(jq -c '.next // empty' <<<"$BODY")"

begin "12. A guardian is appointed (an organisation and a pseudonymous reference, never a name)"
decide "$FOCAL_POINT" "$CHILD_IDENTIFICATION/guardian" '{"guardianOrganisation":"nl-guardianship-agency","guardianReference":"g-2041","reasons":"Unaccompanied"}' "$CHILD_ETAG"
CHILD_ETAG="$ETAG"

begin "13. The best-interests assessment, with the guardian"
decide "$FOCAL_POINT" "$CHILD_IDENTIFICATION/best-interests-assessment" '{"reasons":"Safe placement and counselling in his language serve his best interests; the guardian took part"}' "$CHILD_ETAG"
CHILD_ETAG="$ETAG"

begin "14. The guardian's consent to referral"
call "$FOCAL_POINT" POST "$CHILD_IDENTIFICATION/consents" '200|201' \
  "{\"kind\":\"referral-to-services\",\"informedInLanguage\":\"ro\",\"givenBy\":\"guardian\",\"organisations\":[\"$CHILD_ORG\"]}" "$CHILD_ETAG"
show "→ $STATUS, ETag $ETAG"
eventually "$FOCAL_POINT" "$CHILD_PROTECTION" \
  '.bestInterestsAssessedAt != null and ([.consents[]? | select(.kind == "referral-to-services" and .givenBy == "guardian")] | length > 0)' \
  "the best-interests assessment and the guardian's consent in Protection"
PROTECTION_ETAG="$ETAG"

begin "15. The referral is accepted now, and the provider accepts it"
decide "$FOCAL_POINT" "$CHILD_PROTECTION/referrals" \
  "{\"providerOrganisation\":\"$CHILD_ORG\",\"service\":\"psychological\",\"reasons\":\"Counselling in Romanian\"}" "$PROTECTION_ETAG"
REFERRAL="$(referral_id "$CHILD_PROTECTION")"
call "$CHILD_SERVICES" GET "/api/protection/referrals/$REFERRAL" 200
decide "$CHILD_SERVICES" "/api/protection/referrals/$REFERRAL/answer" '{"accepted":true,"reasons":"A counsellor who speaks Romanian"}' "$ETAG"
call "$FOCAL_POINT" GET "$CHILD_PROTECTION" 200
show "  $(jq -c '{referrals: [.referrals[] | {providerOrganisation, status}]}' <<<"$BODY")"

printf '\nwalk-through complete: adult case %s, child case %s\n' "$CASE" "$CHILD"
