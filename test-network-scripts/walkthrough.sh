#!/usr/bin/env bash
# A bond's whole life through the REST gateways with curl, after `npm start`:
# the CSD admits the two institutions, the securities company registers a
# bond, runs its book, the bank bids, the CSD settles, the bank (paying
# agent) pays a coupon, the issuer calls the bond and it is redeemed.
# The bond is dated so that all of this is due today: issued a year ago,
# coupon and call today. Every request and answer is printed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
GATEWAYS="$BOND_NETWORK_HOME/gateways.json"
[[ -f "$GATEWAYS" ]] || die "no $GATEWAYS: run npm start first"

# field FILE PATH: a value from a JSON file (node, as jq may not be installed).
field() { node -e 'let v=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));for(const k of process.argv[2].split("."))v=v?.[k];process.stdout.write(String(v??""))' "$1" "$2"; }
url() { field "$GATEWAYS" "gateways.$1.baseUrl"; }
key() { field "$GATEWAYS" "gateways.$1.users.$2.apiKey"; }
msp() { field "$GATEWAYS" "gateways.$1.mspId"; }

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

BANK=$(msp bank)
SECURITIES=$(msp securities)
TODAY=$(date -u +%F)
YEAR=${TODAY:0:4}
MD=${TODAY:5}

# 1. Membership: the CSD admits the institutions (already members after an earlier run: shown, not repeated).
for org in bank securities; do
  if ! curl -sf -o /dev/null "$(url csd)/members/$(msp "$org")" -H "Authorization: Bearer $(key csd admin)"; then
    if [[ $org == bank ]]; then roles='["CUSTODIAN","INVESTOR","PAYING_AGENT"]' lei=969500KSV493XWY0PS33; else roles='["INVESTOR","ISSUER","UNDERWRITER"]' lei=7ZW8QJWVPR4P1S5PX088; fi
    call csd admin POST /members "{\"mspId\":\"$(msp "$org")\",\"legalName\":\"$org (walkthrough)\",\"lei\":\"$lei\",\"roles\":$roles}"
  fi
done
call csd operator1 GET "/members/$BANK"

# 2. Registration: the issuer applies, the CSD approves (ISIN from a national code, CFI derived).
call securities operator1 POST /bond-applications "{\"shortName\":\"WALKTHROUGH 2.6\",\"specifiedCurrency\":\"CNY\",\"specifiedDenomination\":\"10000\",\"issueSize\":\"1000\",\"interestType\":\"FIXED\",\"interestRate\":\"2.6\",\"interestPaymentFrequency\":\"ANNUALLY\",\"dayCountFraction\":\"ICMA_ACT/ACT\",\"issueDate\":\"$((YEAR - 1))-$MD\",\"maturityDate\":\"$((YEAR + 2))-$MD\",\"businessDayConvention\":\"UNADJUSTED\",\"businessDayCalendar\":\"CN-IB\",\"recordDateOffset\":0,\"payingAgent\":\"$BANK\",\"statusOfNote\":\"SENIOR_UNSECURED\",\"formOfNote\":\"REGISTERED\",\"issuePrice\":\"100\",\"callSchedule\":[{\"date\":\"$TODAY\",\"price\":\"100.5\"}],\"callNoticeDays\":0}"
APPLICATION=$(result applicationId)
NATIONAL=$(node -p "'W' + Date.now().toString(36).toUpperCase().slice(-8)")
call csd operator1 POST "/bond-applications/$APPLICATION/approval" "{\"nationalCode\":\"$NATIONAL\"}"
ISIN=$(result isin)

# 3. Bookbuilding: the bookrunner opens the book; bids travel as private data.
call securities operator1 POST "/bonds/$ISIN/book" "{\"bookType\":\"FIXED_PRICE\",\"opensAt\":\"$(date -u -d '-1 min' +%FT%TZ)\",\"closesAt\":\"$(date -u -d '+10 min' +%FT%TZ)\"}"
call bank operator1 POST "/bonds/$ISIN/bids" '{"units":"600","accountId":"PROPRIETARY"}'
call securities operator1 POST "/bonds/$ISIN/bids" '{"units":"400","accountId":"PROPRIETARY"}'
call bank operator1 GET "/bonds/$ISIN/bids/$BANK"
call securities operator1 POST "/bonds/$ISIN/book/closure"
call securities operator1 POST "/bonds/$ISIN/allocation" '{}'

# 4. Settlement, delivery versus payment: the CSD confirms each cash leg.
#    (A book of more than 500 lines takes further POSTs while the answer's linesRemaining > 0.)
call csd operator1 POST "/bonds/$ISIN/settlements"
for id in $(node -e 'for (const i of JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).result.instructions) console.log(i.settlementId)' "$ANSWER"); do
  call csd operator1 POST "/bonds/$ISIN/settlements/$id/cash-confirmation"
done
call csd operator1 POST "/bonds/$ISIN/issuance-completion"
call bank operator1 GET "/bonds/$ISIN/holders"

# 5. Servicing: today's coupon, fixed on its record date and paid by the paying agent.
call bank operator1 GET "/bonds/$ISIN/coupon-schedule"
call bank operator1 POST "/bonds/$ISIN/coupons/1/entitlements"
for holder in "$BANK" "$SECURITIES"; do
  call bank operator1 POST "/bonds/$ISIN/payment-events/C-001/payments" "{\"holder\":\"$holder\",\"accountId\":\"PROPRIETARY\"}"
done
call bank operator1 POST "/bonds/$ISIN/payment-events/C-001/completion"

# 6. The issuer calls the bond; the redemption is paid and the holdings retired.
call securities operator1 POST "/bonds/$ISIN/call" "{\"callDate\":\"$TODAY\"}"
call csd operator1 POST "/bonds/$ISIN/redemptions" '{"reason":"CALL"}'
for holder in "$BANK" "$SECURITIES"; do
  call bank operator1 POST "/bonds/$ISIN/payment-events/R-CALL/payments" "{\"holder\":\"$holder\",\"accountId\":\"PROPRIETARY\"}"
done
call bank operator1 POST "/bonds/$ISIN/payment-events/R-CALL/completion"
call securities operator1 GET "/bonds/$ISIN"
STATUS=$(field "$ANSWER" status)
echo
echo "$ISIN $STATUS"
[[ "$STATUS" == REDEEMED ]]
