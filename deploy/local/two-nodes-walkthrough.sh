#!/usr/bin/env bash
# A walk-through of the exchange between the two development nodes that `./build.sh --target=Up --nodes=2` runs:
# Austria's focal point (gateway :8080) identifies a person, records her consent to transfer to Nigeria and asks Nigeria
# to verify her identity; Nigeria's focal point (gateway :8081) finds the request and answers it; the signed answer is
# recorded on Austria's case. Ids and codes only cross; every step is in each node's audit trail.
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
