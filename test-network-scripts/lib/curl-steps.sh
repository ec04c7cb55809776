# shellcheck shell=bash
# The walkthroughs' curl steps: look up a gateway's URL and demo API keys in
# gateways.json, send a request and print the exchange, and issue a bond
# through the gateways from registration to settlement. Sourced after
# lib/common.sh.

GATEWAYS="$BOND_NETWORK_HOME/gateways.json"
[[ -f "$GATEWAYS" ]] || die "no $GATEWAYS: run npm start first"

# field FILE PATH: a value from a JSON file (node, as jq may not be installed).
field() { node -e 'let v=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));for(const k of process.argv[2].split("."))v=v?.[k];process.stdout.write(String(v??""))' "$1" "$2"; }
# A gateway's entry: the bond channel's institutions under "gateways", the cash ledger's operator under "cash.gateways".
entry() { if [[ -n "$(field "$GATEWAYS" "gateways.$1.baseUrl")" ]]; then echo "gateways.$1"; else echo "cash.gateways.$1"; fi; }
url() { field "$GATEWAYS" "$(entry "$1").baseUrl"; }
key() { field "$GATEWAYS" "$(entry "$1").users.$2.apiKey"; }
msp() { field "$GATEWAYS" "$(entry "$1").mspId"; }

# call ORG USER METHOD PATH [JSON]: prints the exchange; the answer is left in $ANSWER.
ANSWER=$(mktemp)
trap 'rm -f "$ANSWER"' EXIT
call() {
  local org=$1 user=$2 method=$3 path=$4 body=${5:-}
  printf '\n\033[1m%s/%s: %s %s\033[0m %s\n' "$org" "$user" "$method" "$path" "$body" >&2
  local status
  status=$(curl -sS -o "$ANSWER" -w '%{http_code}' -X "$method" "$(url "$org")$path" \
    -H "Authorization: Bearer $(key "$org" "$user")" ${body:+-H 'Content-Type: application/json' -d "$body"})
  printf '%s %s\n' "$status" "$(head -c 600 "$ANSWER")" >&2
  [[ "$status" == 2* ]] || die "$method $path answered $status"
}
result() { field "$ANSWER" "result.$1"; }

# The CSD admits the bank and the securities company (members already after an earlier run: not repeated).
admit_institutions() {
  local org roles lei
  for org in bank securities; do
    if ! curl -sf -o /dev/null "$(url csd)/members/$(msp "$org")" -H "Authorization: Bearer $(key csd admin)"; then
      if [[ $org == bank ]]; then roles='["CUSTODIAN","INVESTOR","PAYING_AGENT"]' lei=969500KSV493XWY0PS33; else roles='["INVESTOR","ISSUER","UNDERWRITER"]' lei=7ZW8QJWVPR4P1S5PX088; fi
      call csd admin POST /members "{\"mspId\":\"$(msp "$org")\",\"legalName\":\"$org (walkthrough)\",\"lei\":\"$lei\",\"roles\":$roles}"
    fi
  done
}

# issue_bond TERMS_JSON: the securities company registers a bond (the CSD approves: ISIN from a
# national code, CFI derived), runs a fixed-price book in which the bank bids 600 units and the
# securities company 400, both PROPRIETARY, and the CSD settles it (confirming each cash leg).
# Sets ISIN.
issue_bond() {
  call securities operator1 POST /bond-applications "$1"
  issue_application "$(result applicationId)"
}

# issue_application APPLICATION_ID: the same from an application already filed. Sets ISIN.
issue_application() {
  local application=$1 national id
  national=$(node -p "'W' + Date.now().toString(36).toUpperCase().slice(-8)")
  call csd operator1 POST "/bond-applications/$application/approval" "{\"nationalCode\":\"$national\"}"
  ISIN=$(result isin)
  # Bookbuilding: the bookrunner opens the book; bids travel as private data.
  call securities operator1 POST "/bonds/$ISIN/book" "{\"bookType\":\"FIXED_PRICE\",\"opensAt\":\"$(date -u -d '-1 min' +%FT%TZ)\",\"closesAt\":\"$(date -u -d '+10 min' +%FT%TZ)\"}"
  call bank operator1 POST "/bonds/$ISIN/bids" '{"units":"600","accountId":"PROPRIETARY"}'
  call securities operator1 POST "/bonds/$ISIN/bids" '{"units":"400","accountId":"PROPRIETARY"}'
  call bank operator1 GET "/bonds/$ISIN/bids/$(msp bank)"
  call securities operator1 POST "/bonds/$ISIN/book/closure"
  call securities operator1 POST "/bonds/$ISIN/allocation" '{}'
  # Settlement, delivery versus payment: the CSD confirms each cash leg.
  # (A book of more than 500 lines takes further POSTs while the answer's linesRemaining > 0.)
  call csd operator1 POST "/bonds/$ISIN/settlements"
  for id in $(node -e 'for (const i of JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).result.instructions) console.log(i.settlementId)' "$ANSWER"); do
    call csd operator1 POST "/bonds/$ISIN/settlements/$id/cash-confirmation"
  done
  call csd operator1 POST "/bonds/$ISIN/issuance-completion"
  call bank operator1 GET "/bonds/$ISIN/holders"
}
