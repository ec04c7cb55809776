/**
 * seev.036.001.15 CorporateActionMovementConfirmationV15: the document that
 * confirms one holding's payment, from the paid entitlement. Element names,
 * order and occurrences follow the message definition (ISO 20022
 * seev.036.001.15): TxId, CorpActnGnlInf, AcctDtls, CorpActnConfDtls, AddtlInf.
 *
 * - TxId/MktInfrstrctrTxId: the paying transaction's id (a Max35Text
 *   reference, common.ts isoReference), CorpActnEvtId as the notification's;
 * - AcctDtls: the holding's account, its confirmed balance the entitled units;
 * - CorpActnConfDtls, option 001 CASH: the cash credited (CRDT), posted on
 *   the transaction's time, PstngAmt what the holder receives and
 *   GrssCshAmt the entitlement's amount (they differ by the coupon shares
 *   paid to pledgees, which AddtlInf names); a redemption also debits the
 *   units it retires (SctiesMvmntDtls, DBIT).
 */
import type { Bond, Entitlement } from '@bond-platform/chaincode/api';
import {
  amountElement,
  dateTimeChoice,
  element,
  financialInstrumentId,
  isoDocument,
  isoReference,
  maxText,
  partyChoice,
  quantityChoice,
} from './common';
import type { CorporateActionEventType } from './corporate-action-events';
import { corporateActionEventId } from './corporate-action-notification';
import { MessageType } from './message';
import type { XmlElement } from './xml';

/** What a movement confirmation says. */
export interface ConfirmationContent {
  type: CorporateActionEventType;
  bond: Bond;
  entitlement: Entitlement;
  ownerLei: string;
  /** A redemption retires the entitlement's units. */
  retiresUnits: boolean;
  /** Free text (AddtlInf, Max350Text lines): the pledgees' shares of the coupon. */
  narrative: string[];
  transactionId: string;
  /** The paying transaction's timestamp. */
  postedAt: string;
}

/** The seev.036 document of one paid entitlement. */
export function confirmationXml(content: ConfirmationContent): string {
  const { bond, entitlement } = content;
  return isoDocument(MessageType.CORPORATE_ACTION_MOVEMENT_CONFIRMATION, 'CorpActnMvmntConf', [
    element('TxId', [element('MktInfrstrctrTxId', isoReference(content.transactionId))]),
    element('CorpActnGnlInf', [
      element('CorpActnEvtId', corporateActionEventId(bond.isin, entitlement.eventId)),
      element('EvtTp', [element('Cd', content.type)]),
      financialInstrumentId(bond.isin, bond.terms.shortName),
    ]),
    element('AcctDtls', [
      element('SfkpgAcct', entitlement.accountId),
      partyChoice('AcctOwnr', content.ownerLei),
      element('Bal', [
        element('ConfdBal', [
          element('Bal', [element('ShrtLngPos', 'LONG'), element('QtyChc', [element('Qty', [quantityChoice(entitlement.units, bond)])])]),
        ]),
      ]),
    ]),
    element('CorpActnConfDtls', [
      element('OptnNb', [element('Nb', '001')]),
      element('OptnTp', [element('Cd', 'CASH')]),
      content.retiresUnits ? securitiesDebited(content) : undefined,
      cashCredited(content),
    ]),
    narrative(content),
  ]);
}

/** What the holder itself receives: the entitlement less the pledgees' shares. */
export function holderAmount(entitlement: Entitlement): bigint {
  const shares = (entitlement.pledgeeShares ?? []).reduce((sum, share) => sum + BigInt(share.amount), 0n);
  return BigInt(entitlement.amount) - shares;
}

function securitiesDebited({ bond, entitlement, postedAt }: ConfirmationContent): XmlElement {
  return element('SctiesMvmntDtls', [
    financialInstrumentId(bond.isin),
    element('CdtDbtInd', 'DBIT'),
    element('PstngQty', [element('Qty', [quantityChoice(entitlement.units, bond)])]),
    element('DtDtls', [dateTimeChoice('PstngDt', postedAt)]),
  ]);
}

function cashCredited({ bond, entitlement, postedAt }: ConfirmationContent): XmlElement {
  const currency = bond.terms.specifiedCurrency;
  return element('CshMvmntDtls', [
    element('CdtDbtInd', 'CRDT'),
    element('AmtDtls', [
      amountElement('PstngAmt', holderAmount(entitlement).toString(), currency),
      amountElement('GrssCshAmt', entitlement.amount, currency),
    ]),
    element('DtDtls', [dateTimeChoice('PstngDt', postedAt)]),
  ]);
}

/** AddtlInf: one AddtlTxt a line. */
function narrative({ narrative: lines }: ConfirmationContent): XmlElement | undefined {
  return lines.length === 0
    ? undefined
    : element(
        'AddtlInf',
        lines.map((line) => element('AddtlTxt', maxText(line, 350))),
      );
}
