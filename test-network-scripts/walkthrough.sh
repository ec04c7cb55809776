#!/usr/bin/env bash
# A bond's whole life through the REST gateways with curl, after `npm start`:
# the CSD admits the two institutions, the securities company registers a
# bond, runs its book, the bank bids, the CSD settles, the bank (paying
# agent) pays a coupon, the issuer calls the bond and it is redeemed.
# The bond is dated so that all of this is due today: issued a year ago,
# coupon and call today. Every request and answer is printed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/curl-steps.sh
source "$REPO_ROOT/test-network-scripts/lib/curl-steps.sh"

BANK=$(msp bank)
SECURITIES=$(msp securities)
TODAY=$(date -u +%F)
YEAR=${TODAY:0:4}
MD=${TODAY:5}

# 1. Membership: the CSD admits the institutions (already members after an earlier run: shown, not repeated).
admit_institutions
call csd operator1 GET "/members/$BANK"

# 2.-4. Registration (a bond issued a year ago, callable today), bookbuilding, settlement.
issue_bond "{\"shortName\":\"WALKTHROUGH 2.6\",\"specifiedCurrency\":\"CNY\",\"specifiedDenomination\":\"10000\",\"issueSize\":\"1000\",\"interestType\":\"FIXED\",\"interestRate\":\"2.6\",\"interestPaymentFrequency\":\"ANNUALLY\",\"dayCountFraction\":\"ICMA_ACT/ACT\",\"issueDate\":\"$((YEAR - 1))-$MD\",\"maturityDate\":\"$((YEAR + 2))-$MD\",\"businessDayConvention\":\"UNADJUSTED\",\"businessDayCalendar\":\"CN-IB\",\"recordDateOffset\":0,\"payingAgent\":\"$BANK\",\"statusOfNote\":\"SENIOR_UNSECURED\",\"formOfNote\":\"REGISTERED\",\"issuePrice\":\"100\",\"callSchedule\":[{\"date\":\"$TODAY\",\"price\":\"100.5\"}],\"callNoticeDays\":0}"

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
