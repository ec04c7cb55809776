#!/usr/bin/env bash
# Delivery versus payment across the two ledgers with curl, after `npm start`
# (README, "Cross-chain delivery versus payment"): the bank sells 10 units of
# a bond to the securities company for 100,000.00 CNY on the payment
# operator's cash ledger, with hash time locks on both ledgers and no one
# trusted in between. Every request and answer is printed; the last line is
# the bond lock's status (CLAIMED).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/curl-steps.sh
source "$REPO_ROOT/test-network-scripts/lib/curl-steps.sh"

BANK=$(msp bank)
SECURITIES=$(msp securities)
PAYMENT=$(msp payment)
ISSUED=$(date -u -d '-3 months' +%F)

# 1. A bond the bank holds 600 units of (issued three months ago, annual coupons, register open today).
admit_institutions
issue_bond "{\"shortName\":\"DVP WALKTHROUGH 2.4\",\"specifiedCurrency\":\"CNY\",\"specifiedDenomination\":\"10000\",\"issueSize\":\"1000\",\"interestType\":\"FIXED\",\"interestRate\":\"2.4\",\"interestPaymentFrequency\":\"ANNUALLY\",\"dayCountFraction\":\"ICMA_ACT/ACT\",\"issueDate\":\"$ISSUED\",\"maturityDate\":\"$(date -u -d "$ISSUED +3 years" +%F)\",\"businessDayConvention\":\"UNADJUSTED\",\"businessDayCalendar\":\"CN-IB\",\"recordDateOffset\":0,\"payingAgent\":\"$BANK\",\"statusOfNote\":\"SENIOR_UNSECURED\",\"formOfNote\":\"REGISTERED\",\"issuePrice\":\"100\"}"

# 2. The CSD registers the cash ledger on the bond ledger: its channel, chaincode, and the payment
#    operator's root certificate, whose peers' signatures the bond chaincode accepts as proof of a cash lock.
ROOT_PEM=$(node -p 'JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8"))' "$BOND_NETWORK_HOME/organizations/payment/msp/cacerts/ca.pem")
call csd admin PUT /cash-ledger "{\"channel\":\"cash\",\"chaincode\":\"cash\",\"organisations\":[{\"mspId\":\"$PAYMENT\",\"rootCertificates\":[$ROOT_PEM]}],\"endorsementPolicy\":{\"mspIds\":[\"$PAYMENT\"]},\"maxProofAgeSeconds\":300}"

# 3. The payment operator opens a settlement account for each (once) and funds the buyer.
RUN=$(node -p "Date.now().toString(36).toUpperCase()")
SELLER_ACCOUNT="SETTLE-$RUN"
BUYER_ACCOUNT="SETTLE-$RUN"
call payment admin POST /cash/accounts "{\"owner\":\"$BANK\",\"accountId\":\"$SELLER_ACCOUNT\",\"currency\":\"CNY\"}"
call payment admin POST /cash/accounts "{\"owner\":\"$SECURITIES\",\"accountId\":\"$BUYER_ACCOUNT\",\"currency\":\"CNY\"}"
call payment operator1 POST /cash/issuances "{\"owner\":\"$SECURITIES\",\"accountId\":\"$BUYER_ACCOUNT\",\"currency\":\"CNY\",\"amount\":\"10000000\"}"

# 4. The seller makes the secret and locks the units first, with the longer expiry (10 minutes).
PREIMAGE=$(openssl rand -hex 32)
HASH=$(xxd -r -p <<<"$PREIMAGE" | sha256sum | cut -d' ' -f1)
call bank operator1 POST "/bonds/$ISIN/hash-locks" "{\"accountId\":\"PROPRIETARY\",\"units\":\"10\",\"hash\":\"$HASH\",\"hashAlgorithm\":\"SHA256\",\"beneficiary\":\"$SECURITIES\",\"beneficiaryAccountId\":\"PROPRIETARY\",\"expiresAt\":\"$(date -u -d '+10 min' +%FT%TZ)\",\"reference\":\"DVP-$RUN\"}"
BOND_LOCK=$(result lockId)

# 5. The buyer sees the bond lock and locks the cash under the same hash, with the shorter expiry (5 minutes).
call securities operator1 GET "/hash-locks/$BOND_LOCK"
call securities operator1 POST /cash/locks "{\"from\":{\"owner\":\"$SECURITIES\",\"accountId\":\"$BUYER_ACCOUNT\"},\"beneficiary\":{\"owner\":\"$BANK\",\"accountId\":\"$SELLER_ACCOUNT\"},\"currency\":\"CNY\",\"amount\":\"10000000\",\"hashAlgorithm\":\"SHA256\",\"hash\":\"$HASH\",\"expiry\":\"$(date -u -d '+5 min' +%FT%TZ)\"}"
CASH_LOCK=$(result lock.lockId)

# 6. Proof instead of trust: the payment operator's peer signs an attestation of the cash lock, and the
#    bond ledger verifies it and records the cash lock on the bond lock.
call bank operator1 POST "/cash/locks/$CASH_LOCK/attestation"
PROOF=$(field "$ANSWER" proof)
call bank operator1 POST "/hash-locks/$BOND_LOCK/cash-lock" "{\"proof\":\"$PROOF\"}"

# 7. The seller claims the cash with the secret, which the cash lock now shows to everyone ...
call bank operator1 POST "/cash/locks/$CASH_LOCK/claim" "{\"preimage\":\"$PREIMAGE\"}"

# 8. ... and the CSD's settlement agent, watching both ledgers, claims the units for the buyer with it.
for _ in $(seq 60); do
  call securities operator1 GET "/hash-locks/$BOND_LOCK"
  [[ "$(field "$ANSWER" status)" == LOCKED ]] || break
  sleep 1
done
call securities operator1 GET "/bonds/$ISIN/holdings/$SECURITIES/PROPRIETARY"
call bank operator1 GET "/cash/accounts/$BANK/$SELLER_ACCOUNT/CNY"
call securities operator1 GET "/hash-locks/$BOND_LOCK"
echo
echo "$BOND_LOCK $(field "$ANSWER" status)"
