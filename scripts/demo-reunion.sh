#!/usr/bin/env bash
# The end-to-end story against a running service (npm start), with curl:
#   subscribe the hub -> register alert -> upload the parents, add them to the case -> upload the
#   found child -> candidate -> [re-test with a re-sampled profile] -> confirm [by a second
#   investigator] -> the hub receives match.confirmed and case.reunited (signed).
# Needs: curl, node. Environment: BASE (default http://127.0.0.1:3000), LAB_KEY, INVESTIGATOR_KEY,
# ADMIN_KEY, HUB_KEY, WEBHOOK_URL, WEBHOOK_SECRET (>= 32 characters); INVESTIGATOR2_KEY when the
# service runs with REQUIRE_TWO_INVESTIGATORS=true. See README "End-to-end story".
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:3000}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

# field EXPR evaluates EXPR over x, the JSON on standard input (node instead of jq: one dependency less).
field() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const x=JSON.parse(s);const v=($1);process.stdout.write((typeof v==='string'?v:JSON.stringify(v))+'\\n')})"; }
call() { # method path key [body-file]
  local args=(-sS -X "$1" "$BASE$2" -H "Authorization: Bearer $3")
  if [ $# -ge 4 ]; then args+=(-H 'Content-Type: application/json' --data-binary "@$4"); fi
  curl "${args[@]}"
}
say() { printf '\n== %s\n' "$*"; }

npx tsx "$(dirname "$0")/demo-family.ts" --out "$DIR" >/dev/null
ALERT="TY-DEMO-$(date +%s)"

say "admin subscribes the hub's receiver"
printf '{"url":"%s","secret":"%s","events":["candidate.found","match.confirmed","case.reunited","case.closed"]}' "$WEBHOOK_URL" "$WEBHOOK_SECRET" > "$DIR/sub.json"
call POST /v1/hub/subscriptions "$ADMIN_KEY" "$DIR/sub.json" | field '({id:x.id,url:x.url,events:x.events,secretReturned:"secret" in x})'

say "the hub registers alert $ALERT"
printf '{"alertId":"%s","traffickingCaseNo":"GZ-2025-17","missingChild":{"sex":"male","birthDate":"2019-03-02","missingSince":"2023-05-01","place":"Guangzhou, Guangdong"}}' "$ALERT" > "$DIR/alert.json"
CASE=$(call POST /v1/hub/alerts "$HUB_KEY" "$DIR/alert.json" | field 'x.id')
echo "case $CASE"

say "the lab uploads the parents (NIST 1036 genotypes); the investigator adds them to the case"
for who in father mother; do
  PRF=$(call POST /v1/profiles "$LAB_KEY" "$DIR/$who.json" | field 'x.id')
  printf '{"profileId":"%s","relationship":"%s"}' "$PRF" "$who" > "$DIR/rel.json"
  echo "$who $PRF -> case status $(call POST "/v1/cases/$CASE/relatives" "$INVESTIGATOR_KEY" "$DIR/rel.json" | field 'x.status')"
done

say "the lab uploads the found child; the investigator registers him (searched against every family)"
CHILD=$(call POST /v1/profiles "$LAB_KEY" "$DIR/child.json" | field 'x.id')
printf '{"profileId":"%s","foundAt":"2025-05-20","place":"Shenzhen railway station"}' "$CHILD" > "$DIR/found.json"
FOUND=$(call POST /v1/found-persons "$INVESTIGATOR_KEY" "$DIR/found.json")
FP=$(echo "$FOUND" | field 'x.id')
echo "found person $FP status $(echo "$FOUND" | field 'x.status')"

say "candidates of the case"
CANDS=$(call GET "/v1/cases/$CASE/candidates" "$INVESTIGATOR_KEY")
MATCH=$(echo "$CANDS" | field 'x.items[0].id')
echo "$CANDS" | field 'x.items.map(m=>({id:m.id,status:m.status,LR:m.LR,log10LR:+m.log10LR.toFixed(2),inconsistentLoci:m.inconsistentLoci,lociCompared:m.lociCompared,posterior:m.posterior}))'

say "re-test: the lab types a new sample of the child (Identifiler); the investigator attaches it"
RESAMPLE=$(call POST /v1/profiles "$LAB_KEY" "$DIR/child-resample.json" | field 'x.id')
printf '{"decision":"retest","retestProfileId":"%s","note":"blood sample, second lab"}' "$RESAMPLE" > "$DIR/retest.json"
call POST "/v1/matches/$MATCH/reviews" "$INVESTIGATOR_KEY" "$DIR/retest.json" \
  | field '({outcome:x.review.outcome,match:x.match.status,case:x.caseStatus,previous:{log10LR:+x.review.retest.previous.log10LR.toFixed(2),lociCompared:x.review.retest.previous.lociCompared},rescored:{log10LR:+x.review.retest.rescored.log10LR.toFixed(2),lociCompared:x.review.retest.rescored.lociCompared}})'

say "confirm"
echo '{"decision":"confirm","note":"family informed"}' > "$DIR/confirm.json"
RESULT=$(call POST "/v1/matches/$MATCH/reviews" "$INVESTIGATOR_KEY" "$DIR/confirm.json")
echo "$RESULT" | field 'x.review ? {outcome:x.review.outcome,match:x.match.status,case:x.caseStatus,confirmations:x.confirmations} : x'
if [ "$(echo "$RESULT" | field 'x.review && x.review.outcome')" = confirmationPending ]; then
  say "confirm by a second investigator"
  call POST "/v1/matches/$MATCH/reviews" "$INVESTIGATOR2_KEY" "$DIR/confirm.json" \
    | field 'x.review ? {outcome:x.review.outcome,org:x.review.org,match:x.match.status,case:x.caseStatus,foundPerson:x.foundPersonStatus,confirmations:x.confirmations} : x'
fi

say "case history (status changes and published events)"
call GET "/v1/cases/$CASE/history" "$INVESTIGATOR_KEY" | field '({status:x.status,changes:x.changes.map(c=>c.from+" -> "+c.to+" ("+c.reason+")"),events:x.events.map(e=>e.caseSeq+" "+e.type)})'
