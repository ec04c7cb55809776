/**
 * Building blocks every ISO 20022 message builder shares: the Document
 * root, references, party identification by LEI, the financial instrument
 * by ISIN, amounts converted exactly from the ledger's minor units, dates,
 * quantities and safekeeping accounts. Each returns an XmlElement (or a
 * string) in the shape the message definitions give the component; the
 * builders place them. Pure: no I/O, no clock, no floating point.
 */
import { createHash } from 'node:crypto';
import type { Bond } from '@bond-platform/chaincode/api';
import { namespaceOf, type IsoMessage, type LedgerEvent, type MessageType, type ReferenceData } from './message';
import { el, renderXml, type XmlElement } from './xml';

/** An element that must be present: el() that throws instead of leaving out an element without content. */
export function element(name: string, content: string | (XmlElement | undefined)[], attributes?: Record<string, string>): XmlElement {
  const made = el(name, content, attributes);
  if (!made) throw new Error(`ISO 20022: element ${name} has no content`);
  return made;
}

/**
 * The message as an XML document: `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:<version>">`
 * around the message element (e.g. SctiesSttlmTxInstr), without a
 * Business Application Header (the feed's metadata addresses the message).
 */
export function isoDocument(type: MessageType, messageElement: string, content: (XmlElement | undefined)[]): string {
  return renderXml(element('Document', [element(messageElement, content)], { xmlns: namespaceOf(type) }));
}

/** Longest ISO 20022 Max35Text identifier (TxId, AcctOwnrTxId, MsgId, …). */
export const MAX_REFERENCE_LENGTH = 35;

/**
 * A ledger identifier as an ISO 20022 Max35Text reference: itself when it
 * fits; otherwise its first 26 characters, '-' and the first 8 hex digits
 * of its SHA-256, so a Fabric transaction id (64 hex digits) keeps a
 * searchable prefix and two long ids sharing a prefix stay distinct. The
 * full id is in the message's metadata and, where the message has room, in
 * a free-text element.
 */
export function isoReference(ledgerId: string): string {
  if (ledgerId.length === 0) throw new Error('ISO 20022: an empty reference');
  if (ledgerId.length <= MAX_REFERENCE_LENGTH) return ledgerId;
  const digest = createHash('sha256').update(ledgerId, 'utf8').digest('hex').slice(0, 8);
  return `${ledgerId.slice(0, MAX_REFERENCE_LENGTH - 9)}-${digest}`;
}

/** The member's LEI (ISO 17442) from the ledger's member registry; a member the ledger does not know is an error. */
export function leiOf(refs: ReferenceData, mspId: string): string {
  const member = refs.member(mspId);
  if (!member) throw new Error(`ISO 20022: member ${mspId} is not on the ledger's member registry`);
  return member.lei;
}

/** The bond from the ledger; a bond the ledger does not know is an error. */
export function bondOf(refs: ReferenceData, isin: string): Bond {
  const bond = refs.bond(isin);
  if (!bond) throw new Error(`ISO 20022: bond ${isin} is not on the ledger`);
  return bond;
}

/** Scheme of a party's proprietary identification when it is its LEI (the platform has no BICs). */
export const LEI_SCHEME = { issuer: 'GLEIF', scheme: 'LEI' } as const;

/**
 * GenericIdentification36 of a party by its LEI: `<PrtryId><Id>LEI</Id><Issr>GLEIF</Issr><SchmeNm>LEI</SchmeNm></PrtryId>`,
 * the one alternative of the party choices (AnyBIC | PrtryId | NmAndAdr)
 * that carries an LEI when there is no BIC.
 */
export function proprietaryLei(lei: string): XmlElement {
  return element('PrtryId', [element('Id', lei), element('Issr', LEI_SCHEME.issuer), element('SchmeNm', LEI_SCHEME.scheme)]);
}

/** A party choice (e.g. PartyIdentification136Choice, semt.013 AcctOwnr): `<name><PrtryId>…LEI…</PrtryId></name>`. */
export function partyChoice(name: string, lei: string): XmlElement {
  return element(name, [proprietaryLei(lei)]);
}

/**
 * A party with its identification and its LEI (PartyIdentification144,
 * PartyIdentificationAndAccount19x, …): `<name><Id><PrtryId>…</PrtryId></Id><LEI>…</LEI>{extra}</name>`;
 * `extra` are the elements the component has after LEI (e.g. SfkpgAcct).
 */
export function partyWithLei(name: string, lei: string, extra: (XmlElement | undefined)[] = []): XmlElement {
  return element(name, [element('Id', [proprietaryLei(lei)]), element('LEI', lei), ...extra]);
}

/** SecurityIdentification19: `<FinInstrmId><ISIN>…</ISIN>[<Desc>…</Desc>]</FinInstrmId>`. */
export function financialInstrumentId(isin: string, description?: string): XmlElement {
  return element('FinInstrmId', [element('ISIN', isin), el('Desc', description?.slice(0, 140))]);
}

/**
 * ISO 4217 minor-unit digits of the currencies the platform settles in.
 * The chaincode's own table (chaincode-common currency.ts) is not in the
 * chaincode API the gateway may use; common.test.ts keeps the two equal.
 */
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = { CNY: 2, EUR: 2, GBP: 2, HKD: 2, JPY: 0, SGD: 2, USD: 2 };

/** The currency's minor-unit digits; a currency the platform does not settle in is an error. */
export function minorUnitDigits(currency: string): number {
  const digits = Object.hasOwn(MINOR_UNIT_DIGITS, currency) ? MINOR_UNIT_DIGITS[currency] : undefined;
  if (digits === undefined) throw new Error(`ISO 20022: ${currency} is not a currency the platform settles in`);
  return digits;
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * An amount in minor units (an integer string, as the ledger keeps it) as
 * the currency's decimal amount, exactly: "123456" CNY → "1234.56",
 * "5" CNY → "0.05", "100" JPY → "100". Always the currency's number of
 * decimals, so the conversion is reversible (minorUnitsFromAmount).
 */
export function amountFromMinorUnits(minorUnits: string, currency: string): string {
  if (!INTEGER.test(minorUnits)) throw new Error(`ISO 20022: amount ${minorUnits} is not a whole number of minor units`);
  const digits = minorUnitDigits(currency);
  const value = BigInt(minorUnits);
  const sign = value < 0n ? '-' : '';
  const magnitude = (value < 0n ? -value : value).toString().padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${magnitude}`;
  return `${sign}${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
}

/** The inverse of amountFromMinorUnits: a decimal amount of the currency as minor units; more decimals than the currency has (unless zeros) is an error. */
export function minorUnitsFromAmount(amount: string, currency: string): string {
  const match = DECIMAL.exec(amount);
  if (!match) throw new Error(`ISO 20022: ${amount} is not a decimal amount`);
  const [, sign = '', whole = '', fraction = ''] = match;
  const digits = minorUnitDigits(currency);
  const extra = fraction.slice(digits);
  if (/[^0]/.test(extra)) throw new Error(`ISO 20022: ${amount} has more decimals than ${currency}'s ${digits}`);
  const value = BigInt(whole + fraction.slice(0, digits).padEnd(digits, '0'));
  return (sign === '-' ? -value : value).toString();
}

/**
 * An amount element with its currency, e.g. ActiveCurrencyAndAmount
 * `<Amt Ccy="CNY">1234.56</Amt>`. ISO amounts are never negative (a
 * direction says which way): a negative amount is an error.
 */
export function amountElement(name: string, minorUnits: string, currency: string): XmlElement {
  const amount = amountFromMinorUnits(minorUnits, currency);
  if (amount.startsWith('-')) throw new Error(`ISO 20022: ${name} cannot be negative (${minorUnits} minor units)`);
  return element(name, amount, { Ccy: currency });
}

/** Credit/debit of a settlement amount for its account owner: the receiver of securities pays (DBIT), the deliverer is paid (CRDT). */
export function creditDebit(direction: 'RECE' | 'DELI'): 'CRDT' | 'DBIT' {
  return direction === 'RECE' ? 'DBIT' : 'CRDT';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** ISODate of a ledger date (YYYY-MM-DD, as is) or of a timestamp (the date it is written with: UTC for ledger timestamps, as the statements use). */
export function isoDate(dateOrTimestamp: string): string {
  const date = dateOrTimestamp.slice(0, 10);
  if (!DATE.test(date) || (dateOrTimestamp.length > 10 && !DATE_TIME.test(dateOrTimestamp))) {
    throw new Error(`ISO 20022: ${dateOrTimestamp} is not a date or a timestamp`);
  }
  return date;
}

/** ISODateTime of a ledger timestamp (ISO-8601 with its zone, as the transaction header gives it), unchanged. */
export function isoDateTime(timestamp: string): string {
  if (!DATE_TIME.test(timestamp)) throw new Error(`ISO 20022: ${timestamp} is not an ISO-8601 timestamp with a zone`);
  return timestamp;
}

/** DateAndDateTime2Choice as a date: `<name><Dt>YYYY-MM-DD</Dt></name>`. */
export function dateChoice(name: string, dateOrTimestamp: string): XmlElement {
  return element(name, [element('Dt', isoDate(dateOrTimestamp))]);
}

/** DateAndDateTime2Choice as a date and time: `<name><DtTm>…</DtTm></name>`. */
export function dateTimeChoice(name: string, timestamp: string): XmlElement {
  return element(name, [element('DtTm', isoDateTime(timestamp))]);
}

/** How a bond quantity is expressed: its face amount (FAMT, the debt market's practice) or a number of units. */
export type QuantityType = 'FaceAmt' | 'Unit';

/**
 * The face amount of `units` of the bond in its currency, exactly:
 * units × specifiedDenomination (minor units) as a decimal amount, e.g.
 * 1000 units of a CNY 100.00 bond → "100000.00".
 */
export function faceAmount(units: string, bond: Bond): string {
  if (!/^\d+$/.test(units)) throw new Error(`ISO 20022: ${units} is not a whole number of units`);
  return amountFromMinorUnits((BigInt(units) * BigInt(bond.terms.specifiedDenomination)).toString(), bond.terms.specifiedCurrency);
}

/**
 * FinancialInstrumentQuantity33Choice (and its kin): `<FaceAmt>…</FaceAmt>`
 * (default) or `<Unit>…</Unit>` with the ledger's units as they are.
 */
export function quantityChoice(units: string, bond: Bond, type: QuantityType = 'FaceAmt'): XmlElement {
  if (type === 'Unit') {
    if (!/^\d+$/.test(units)) throw new Error(`ISO 20022: ${units} is not a whole number of units`);
    return element('Unit', units);
  }
  return element('FaceAmt', faceAmount(units, bond));
}

/** SecuritiesAccount19: `<SfkpgAcct><Id>accountId</Id></SfkpgAcct>`, the account id exactly as on the ledger (at most 32 characters there). */
export function safekeepingAccount(accountId: string): XmlElement {
  if (accountId.length === 0 || accountId.length > MAX_REFERENCE_LENGTH)
    throw new Error(`ISO 20022: account id ${accountId} is not Max35Text`);
  return element('SfkpgAcct', [element('Id', accountId)]);
}

/** Free text cut to an ISO MaxNText length, with '…' marking a cut. */
export function maxText(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/**
 * The event's payload as the chaincode API type the event publishes, after
 * checking it is an object with the given fields; anything else is an
 * error naming the event, so the feed reports it rather than writing a
 * message from a malformed payload.
 */
export function payloadOf<T extends object>(event: LedgerEvent, fields: readonly (keyof T & string)[]): T {
  const payload = event.payload;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new Error(`ISO 20022: the payload of ${event.eventName} in transaction ${event.transactionId} is not an object`);
  }
  const missing = fields.filter((field) => !(field in payload));
  if (missing.length > 0) {
    throw new Error(`ISO 20022: the payload of ${event.eventName} in transaction ${event.transactionId} lacks ${missing.join(', ')}`);
  }
  return payload as T;
}

/** A message before it has its id. */
export type MessageDraft = Omit<IsoMessage, 'id'>;

/**
 * The messages of one event with their ids: the draft in slot n gets id(n).
 * A slot is undefined where a message the event would have cannot be made
 * from the reference data the caller has (e.g. another member's transfer
 * in a settlement batch): it is left out without renumbering the rest, so
 * a message's id is the same whoever asks.
 */
export function numbered(slots: readonly (MessageDraft | undefined)[], id: (n: number) => string): IsoMessage[] {
  return slots.flatMap((draft, n) => (draft ? [{ id: id(n), ...draft }] : []));
}
