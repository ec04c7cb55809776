#!/usr/bin/env bash
# A bond's whole life driven from an ICMA Bond Data Taxonomy term sheet and
# followed in ISO 20022 messages, with curl, after `npm start`: the
# securities company applies with docs/examples/bdt-cn-interbank-bond.json
# (dated so that its first coupon and its call fall today), the CSD approves
# it, the book is run and settled, the CSD freezes and releases part of the
# bank's holding, the coupon is paid and the bond called and redeemed. Then
# each institution reads its own ISO 20022 messages (sese, semt, seev, reda)
# and statements, and the CSD reads them all. Every request and answer
# is printed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/curl-steps.sh
source "$REPO_ROOT/test-network-scripts/lib/curl-steps.sh"

BANK=$(msp bank)
TODAY=$(date -u +%F)
YEAR=${TODAY:0:4}
MD=${TODAY:5}
ISSUE="$((YEAR - 1))-$MD"

# 1. Membership: the CSD admits the institutions (already members after an earlier run: shown, not repeated).
admit_institutions

# 2. The term sheet: the example BDT document, issued a year ago for three years, 1 000 notes of CNY 100,
#    callable today at 100.5 without notice, paid and accrued on unadjusted dates (the China interbank
#    extension carries what BDT lacks: PRC law, the CSD as registrar, the CN-IB calendar, domestic ratings).
TERM_SHEET=$(node -e '
  const [file, issue, maturity, today] = process.argv.slice(1);
  const doc = JSON.parse(require("fs").readFileSync(file, "utf8"));
  const bdt = doc.ICMABondDataTaxonomy, ext = bdt.Extensions["urn:bdt-ext:cn-interbank:v1"];
  bdt.Issuance.IssueDate = issue;
  bdt.Product.MaturityDate = maturity;
  bdt.Product.InterestPayment.InterestCommencementDate = issue;
  bdt.Product.AggregateNominalAmount = "100000";
  delete bdt.Product.BusinessDayConvention;
  ext.BusinessDayConvention = "UNADJUSTED";
  ext.ShortName = "BDT WALKTHROUGH 1.84";
  ext.RecordDateOffset = 0;
  ext.CallNoticeDays = 0;
  ext.CallSchedule = { Call: [{ Date: today, Price: "100.5" }] };
  delete ext.PutSchedule;
  delete ext.OverAllotmentAmount;
  console.log(JSON.stringify(doc));
' "$REPO_ROOT/docs/examples/bdt-cn-interbank-bond.json" "$ISSUE" "$((YEAR + 2))-$MD" "$TODAY")

# 3. The issuer applies with the BDT document; the application reads back as the same document.
call securities operator1 POST /bond-applications/bdt "$TERM_SHEET"
APPLICATION=$(result applicationId)
call securities operator1 GET "/bond-applications/$APPLICATION/bdt"

# 4. Approval (reda.006 to every member), bookbuilding and settlement (sese.023, sese.024, sese.025).
issue_application "$APPLICATION"
call bank operator1 GET "/bonds/$ISIN/bdt"

# 5. The CSD freezes 100 of the bank's units and releases them (semt.013 each way).
call csd operator1 POST /freezes "{\"isin\":\"$ISIN\",\"holder\":\"$BANK\",\"accountId\":\"PROPRIETARY\",\"units\":\"100\",\"reason\":\"court order (walkthrough)\"}"
call csd operator1 POST /freezes/release "{\"isin\":\"$ISIN\",\"holder\":\"$BANK\",\"accountId\":\"PROPRIETARY\",\"units\":\"100\",\"reason\":\"order lifted\"}"

# 6. The bank's statement of holdings today (semt.002): 600 units.
call bank operator1 GET "/iso20022/statements/holdings?holder=$BANK&accountId=PROPRIETARY&date=$TODAY"

# 7. Servicing: today's coupon (seev.031 INTR to each holder, seev.036 for each payment) ...
call bank operator1 POST "/bonds/$ISIN/coupons/1/entitlements"
for org in bank securities; do
  call bank operator1 POST "/bonds/$ISIN/payment-events/C-001/payments" "{\"holder\":\"$(msp "$org")\",\"accountId\":\"PROPRIETARY\"}"
done
call bank operator1 POST "/bonds/$ISIN/payment-events/C-001/completion"

# 8. ... and the call (seev.031 MCAL) and its redemption (seev.036, the units debited).
call securities operator1 POST "/bonds/$ISIN/call" "{\"callDate\":\"$TODAY\"}"
call csd operator1 POST "/bonds/$ISIN/redemptions" '{"reason":"CALL"}'
for org in bank securities; do
  call bank operator1 POST "/bonds/$ISIN/payment-events/R-CALL/payments" "{\"holder\":\"$(msp "$org")\",\"accountId\":\"PROPRIETARY\"}"
done
call bank operator1 POST "/bonds/$ISIN/payment-events/R-CALL/completion"

# 9. Each institution's ISO 20022 messages about this bond: its own accounts only (and the static data).
for org in bank securities; do
  call "$org" operator1 GET "/iso20022/messages?isin=$ISIN&limit=500"
  node -e 'for (const m of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).messages)
    console.log(m.id.padEnd(82), m.messageType, JSON.stringify(m.accounts))' "$ANSWER" >&2
done
# One message in full: the bank's first settlement confirmation.
call bank operator1 GET "/iso20022/messages?isin=$ISIN&type=sese.025.001.11&limit=1"
MESSAGE=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).messages[0].id' "$ANSWER")
call bank operator1 GET "/iso20022/messages/$MESSAGE"
cat "$ANSWER" >&2

# 10. The bank's statement of transactions today (semt.017): 600 received in settlement, 600 delivered on redemption.
call bank operator1 GET "/iso20022/statements/transactions?holder=$BANK&accountId=PROPRIETARY&from=$TODAY&to=$TODAY"
cat "$ANSWER" >&2

# 11. The CSD (like a regulator onboarded with add-org.sh) reads every message about the bond.
call csd operator1 GET "/iso20022/messages?isin=$ISIN&limit=500"
COUNT=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).messages.length' "$ANSWER")
echo
echo "$ISIN: the CSD reads $COUNT ISO 20022 messages"
[[ "$COUNT" -gt 0 ]]
