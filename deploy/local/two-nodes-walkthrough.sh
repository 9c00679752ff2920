#!/usr/bin/env bash
# A walk-through of the exchange between the two development nodes that `./build.sh --target=Up --nodes=2` runs:
# Austria's focal point (gateway :8080) identifies a person, records her consent to transfer to Nigeria and asks Nigeria
# to verify her identity; Nigeria's focal point (gateway :8081) finds the request and answers it; the signed answer is
# recorded on Austria's case. Ids and codes only cross; every step is in each node's audit trail.
# Then judicial cooperation: Nigeria's extradition request, the surrender after the victim is notified through NG's focal
# point, and NG's request about a person Austria recognised as a victim held for the non-punishment review.
# Needs curl and jq. Usage (in a second terminal while Up runs): deploy/local/two-nodes-walkthrough.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
A=${AT_GATEWAY:-http://localhost:8080}
N=${NG_GATEWAY:-http://localhost:8081}
token() { ./build.sh --target=Token --role=FocalPoint --jurisdiction="$1" --organisation="$2" | tail -n1; }
AT=$(token AT at-focal-point)
NG=$(token NG ng-naptip)
step() { printf '\n== %s\n' "$*"; }
etag() { curl -fsS -D - -o /dev/null "$1" -H "Authorization: Bearer $2" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}'; }
decide() { # url token body: POST with the current version in If-Match
  local tag; tag=$(etag "${1%/*}" "$2")
  curl -fsS -X POST "$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -H "If-Match: $tag" -d "$3"; echo; }
wait_for() { # description command...: retries for 30 s
  local what=$1; shift
  for _ in $(seq 1 30); do if "$@" >/dev/null 2>&1; then return 0; fi; sleep 1; done
  echo "timed out waiting for $what" >&2; return 1; }

step "AT: a case opened, the person informed, reasonable grounds, consent to transfer to NG"
CASE=$(curl -fsS -X POST "$A/api/identification/cases" -H "Authorization: Bearer $AT" -H 'Content-Type: application/json' \
  -d '{"source":"police","signallingOrganisation":"at-lka","jurisdiction":"AT","sex":"female","ageGroup":"18-24"}' | jq -r .caseId)
C="$A/api/identification/cases/$CASE"
echo "case $CASE"
decide "$C/information-on-rights" "$AT" '{"informedOfRights":true,"informedOfAssistance":true,"informedOfReflectionPeriod":true,"format":"oral","interpreterUsed":true,"language":"en"}'
decide "$C/reasonable-grounds" "$AT" '{"reasons":"Debt bondage; documents withheld"}'
decide "$C/consents" "$AT" '{"kind":"cross-border-transfer","informedInLanguage":"en","givenBy":"person","jurisdictions":["NG"]}'

step "AT: identification assistance asked of NG (leaves signed through the gates)"
# 201 Created: the new request's id is in the answer (requestId), its Location is where to read it.
REQ=$(decide "$C/identification-assistance" "$AT" '{"partnerJurisdiction":"NG","questions":["identity","travel-route"],"dueInDays":7}' | jq -r .requestId)
echo "request $REQ"

step "NG: the request arrives over the shovel, signature verified"
R="$N/api/identification/assistance-requests/$REQ"
wait_for "the request in NG" curl -fsS "$R" -H "Authorization: Bearer $NG"
curl -fsS "$R" -H "Authorization: Bearer $NG" | jq -c .
decide "$R/answer" "$NG" '{"outcome":"confirmed","reasons":"Passport register matches"}'

step "AT: NG's signed answer on the case, and the exchange about the request"
wait_for "the answer in AT" bash -c "curl -fsS '$C' -H 'Authorization: Bearer $AT' | jq -e '.assistanceRequests[0].outcome == \"confirmed\"'"
curl -fsS "$C" -H "Authorization: Bearer $AT" | jq -c '.assistanceRequests'
curl -fsS "$A/api/identification/cross-border/requests/$REQ" -H "Authorization: Bearer $AT" | jq -c '.[] | {direction, type, counterpart, sentAt, verified}'

# --- Judicial cooperation between the two nodes (issue 21): an extradition with the victim notified through the
# requesting state's focal point, and a request about a person recognised as a victim held for the non-punishment
# review (matched by keyed hashes of her passport under the nodes' bilateral identity key, never the number).
role_token() { ./build.sh --target=Token --role="$1" --jurisdiction="$2" --organisation="$3" | tail -n1; }
AT_PROSECUTOR=$(role_token JudicialOfficer AT at-prosecution-vienna)
NG_PROSECUTOR=$(role_token JudicialOfficer NG ng-attorney-general)
put() { # url token body: PUT with the current version of the case in If-Match
  local tag; tag=$(etag "${1%/*}" "$2")
  curl -fsS -X PUT "$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -H "If-Match: $tag" -d "$3"; echo; }
share() { # gateway token case organisation: shared for criminal proceedings, until the judicial service lets them see it
  decide "$1/api/identification/cases/$3/shares" "$2" "{\"granteeOrganisation\":\"$4\",\"purpose\":\"criminal-proceedings\",\"expiresAt\":\"$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)\",\"legalBasis\":\"CETS 197 art. 27\"}" >/dev/null
  wait_for "the share heard by the judicial service" curl -fsS "$1/api/judicial/cases/$3" -H "Authorization: Bearer $5"; }
draft() { # gateway token body: a judicial request drafted; prints its id
  curl -fsS -X POST "$1/api/judicial/requests" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$3" | jq -r .requestId; }

step "NG: the returned woman is NAPTIP's case; the Attorney-General asks AT to extradite her recruiter"
NGCASE=$(curl -fsS -X POST "$N/api/identification/cases" -H "Authorization: Bearer $NG" -H 'Content-Type: application/json' \
  -d '{"source":"foreign-authority","signallingOrganisation":"ng-naptip","jurisdiction":"NG","sex":"female","ageGroup":"18-24"}' | jq -r .caseId)
share "$N" "$NG" "$NGCASE" ng-attorney-general "$NG_PROSECUTOR"
EXT=$(draft "$N" "$NG_PROSECUTOR" "{\"type\":\"extradition\",\"counterpartJurisdiction\":\"AT\",\"urgent\":true,\"persons\":[{\"caseId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"role\":\"person-sought\"},{\"caseId\":\"$NGCASE\",\"role\":\"victim\"}]}")
echo "extradition request $EXT"
decide "$N/api/judicial/requests/$EXT/victim-impact-assessment" "$NG_PROSECUTOR" '{"level":"high","measures":["no-contact-with-suspect"],"preferredModality":"video-conference","reasons":"Threats against her family"}' >/dev/null
decide "$N/api/judicial/requests/$EXT/sending" "$NG_PROSECUTOR" '{}' | jq -c '{stage}'

step "AT: registered from NG's signed request; the surrender waits for her safety assessed and her notified through NG's focal point"
X="$A/api/judicial/requests/$EXT"
wait_for "the extradition request in AT" curl -fsS "$X" -H "Authorization: Bearer $AT_PROSECUTOR"
curl -fsS "$X" -H "Authorization: Bearer $AT_PROSECUTOR" | jq -c '{direction, type, counterpart, stage}'
decide "$X/victim-safety-assessments" "$AT_PROSECUTOR" "{\"caseId\":\"$NGCASE\",\"level\":\"high\",\"reasons\":\"The network is active near her family\"}" >/dev/null
decide "$X/victim-notifications" "$AT_PROSECUTOR" "{\"caseId\":\"$NGCASE\",\"movement\":\"surrender\",\"through\":\"focal-point\"}" >/dev/null
decide "$X/offender-movement" "$AT_PROSECUTOR" '{"movement":"surrender","reasons":"Extradition granted"}' | jq -c '{stage}'

step "NG: the notification arrives as a signed message, recorded once on NG's request (NAPTIP passes it on to her)"
wait_for "the notification in NG" bash -c "curl -fsS '$N/api/judicial/requests/$EXT' -H 'Authorization: Bearer $NG_PROSECUTOR' | jq -e '(.victimNotificationsReceived // []) | length == 1'"
curl -fsS "$N/api/judicial/requests/$EXT" -H "Authorization: Bearer $NG_PROSECUTOR" | jq -c '.victimNotificationsReceived'

step "AT: a presumed victim with her passport in AT's vault; NG asks AT for evidence against a courier with the same passport"
put "$C/personal-data" "$AT" '{"identityDocuments":[{"type":"Passport","number":"A07 123-456","issuingCountry":"NG"}]}' >/dev/null
share "$A" "$AT" "$CASE" at-prosecution-vienna "$AT_PROSECUTOR"
COURIER=$(curl -fsS -X POST "$N/api/identification/cases" -H "Authorization: Bearer $NG" -H 'Content-Type: application/json' \
  -d '{"source":"police","signallingOrganisation":"ng-npf","jurisdiction":"NG","sex":"female","ageGroup":"18-24"}' | jq -r .caseId)
put "$N/api/identification/cases/$COURIER/personal-data" "$NG" '{"identityDocuments":[{"type":"Passport","number":"a07123456","issuingCountry":"ng"}]}' >/dev/null
share "$N" "$NG" "$COURIER" ng-attorney-general "$NG_PROSECUTOR"
MLA=$(draft "$N" "$NG_PROSECUTOR" "{\"type\":\"mla-evidence\",\"counterpartJurisdiction\":\"AT\",\"urgent\":false,\"persons\":[{\"caseId\":\"$COURIER\",\"role\":\"suspect\"}]}")
decide "$N/api/judicial/requests/$MLA/sending" "$NG_PROSECUTOR" '{}' | jq -c '{stage}'

step "AT: matched by keyed hashes against AT's recognised victims — she is one — and held for the non-punishment review"
M="$A/api/judicial/requests/$MLA"
echo "request $MLA"
for _ in $(seq 1 60); do  # the match crosses twice on each node's bus (to Identification and back): up to a minute
  curl -fsS "$M" -H "Authorization: Bearer $AT_PROSECUTOR" 2>/dev/null | jq -e '.identityMatch == "answered" and ((.reviews // []) | length > 0)' >/dev/null && break; sleep 1; done
curl -fsS "$M" -H "Authorization: Bearer $AT_PROSECUTOR" | jq -c '{identityMatch, reviews}'
decide "$M/acknowledgement" "$AT_PROSECUTOR" '{}' >/dev/null
TAG=$(etag "$M" "$AT_PROSECUTOR")
curl -sS -X POST "$M/execution" -H "Authorization: Bearer $AT_PROSECUTOR" -H 'Content-Type: application/json' -H "If-Match: $TAG" -d '{}' | jq -c '{status, rule}'
curl -fsS "$A/api/judicial/cases/$CASE" -H "Authorization: Bearer $AT_PROSECUTOR" | jq -c '.nonPunishmentFlags'
