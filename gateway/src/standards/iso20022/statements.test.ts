import { type Bond, BondEvent, HashLockEvent, ServicingEvent } from '@bond-platform/chaincode/api';
import { expectGolden } from './golden-messages';
import type { AccountMovement, HoldingsStatementInput, IsoMessage, ReferenceData, TransactionsStatementInput } from './message';
import { MessageType } from './message';
import { validateMessage } from './schemas';
import { movementsOf, statementOfHoldings, statementOfTransactions } from './statements';
import { BANK_A, BANK_B, CSD, ISIN, LEI, ledgerEvent, MEMBERS, PLEDGEE, txId } from './test-ledger';
import {
  entitlement,
  hashLock,
  issuedBond,
  pledge,
  putElection,
  repo,
  servicingRefs,
  settlementInstruction,
  transfer,
} from './servicing-test-ledger';

const ACCOUNT = { holder: BANK_A, accountId: 'T1' };
const OTHER_ISIN = 'CN2600012342';

function texts(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}

function compact(xml: string): string {
  return xml.replace(/>\s+</g, '><');
}

async function expectValid(message: IsoMessage): Promise<void> {
  expect((await validateMessage(message.xml, message.messageType)).errors).toEqual([]);
}

/** Reference data with a second bond, of a JPY face value of 1,000,000 per unit. */
function twoBondRefs(): ReferenceData {
  const second: Bond = {
    ...issuedBond({ shortName: 'EDB 1.2% 2027', specifiedCurrency: 'JPY', specifiedDenomination: '1000000' }),
    isin: OTHER_ISIN,
  };
  const bonds = [issuedBond(), second];
  return { bond: (isin) => bonds.find((b) => b.isin === isin), member: (mspId) => MEMBERS.find((m) => m.mspId === mspId) };
}

function holdings(positions: HoldingsStatementInput['positions'], id = 'semt.002:BankAMSP:T1:2026-03-31'): HoldingsStatementInput {
  return { id, account: ACCOUNT, statementDate: '2026-03-31', createdAt: '2026-04-01T00:00:05.000Z', positions };
}

function transactions(movements: AccountMovement[], id = 'semt.017:BankAMSP:T1'): TransactionsStatementInput {
  return { id, account: ACCOUNT, fromDate: '2025-01-01', toDate: '2030-12-31', createdAt: '2031-01-02T00:00:00.000Z', movements };
}

describe('semt.002 statement of holdings (ISO 20022 semt.002.001.11 SecuritiesBalanceCustodyReportV11)', () => {
  it('states each position held, available, not available, frozen (BLOK) and pledged (PLED), as face amounts, to the holder only', async () => {
    const message = statementOfHoldings(holdings([{ isin: ISIN, units: '700', frozenUnits: '50', pledgedUnits: '100' }]), servicingRefs());
    expect([message.id, message.messageType, message.recipients, message.accounts, message.createdAt]).toEqual([
      'semt.002:BankAMSP:T1:2026-03-31',
      MessageType.STATEMENT_OF_HOLDINGS,
      [BANK_A],
      [ACCOUNT],
      '2026-04-01T00:00:05.000Z',
    ]);
    const xml = compact(message.xml);
    expect(xml).toContain('<StmtId>semt.002:BankAMSP:T1:2026-03-31</StmtId><StmtDtTm><Dt>2026-03-31</Dt></StmtDtTm>');
    expect(xml).toContain(
      '<Frqcy><Cd>ADHO</Cd></Frqcy><UpdTp><Cd>COMP</Cd></UpdTp><StmtBsis><Cd>SETT</Cd></StmtBsis><ActvtyInd>true</ActvtyInd>',
    );
    expect(xml).toContain(`<AcctOwnr><Id><PrtryId><Id>${LEI[BANK_A]}</Id>`);
    expect(xml).toContain('<SfkpgAcct><Id>T1</Id></SfkpgAcct>');
    // 700 units of CNY 100.00: 70000.00 held, 55000.00 available, 15000.00 not: 5000.00 frozen, 10000.00 pledged.
    expect(texts(xml, 'FaceAmt')).toEqual(['70000.00', '55000.00', '15000.00', '5000.00', '10000.00']);
    expect(texts(xml, 'Cd')).toEqual(['ADHO', 'COMP', 'SETT', 'BLOK', 'PLED']);
    await expectValid(message);
  });

  it('a free position has no blocked balance; several bonds each have theirs, in their currency’s face', async () => {
    const message = statementOfHoldings(
      holdings([
        { isin: ISIN, units: '3', frozenUnits: '0', pledgedUnits: '0' },
        { isin: OTHER_ISIN, units: '2', frozenUnits: '0', pledgedUnits: '1' },
      ]),
      twoBondRefs(),
    );
    expect(texts(message.xml, 'ISIN')).toEqual([ISIN, OTHER_ISIN]);
    expect(texts(message.xml, 'FaceAmt')).toEqual(['300.00', '300.00', '2000000', '1000000', '1000000', '1000000']);
    expect(message.xml.match(/<BalBrkdwn>/g)).toHaveLength(1);
    await expectValid(message);
  });

  it('an account without positions: no activity', async () => {
    const message = statementOfHoldings(holdings([]), servicingRefs());
    expect(texts(message.xml, 'ActvtyInd')).toEqual(['false']);
    expect(message.xml).not.toContain('BalForAcct');
    await expectValid(message);
  });

  it('refuses encumbrances beyond the units held, an unknown bond or an unknown holder', () => {
    expect(() =>
      statementOfHoldings(holdings([{ isin: ISIN, units: '10', frozenUnits: '6', pledgedUnits: '5' }]), servicingRefs()),
    ).toThrow(/6 frozen and 5 pledged of 10 units/);
    expect(() =>
      statementOfHoldings(holdings([{ isin: OTHER_ISIN, units: '1', frozenUnits: '0', pledgedUnits: '0' }]), servicingRefs()),
    ).toThrow(/not on the ledger/);
    expect(() => statementOfHoldings({ ...holdings([]), account: { holder: 'NobodyMSP', accountId: 'X' } }, servicingRefs())).toThrow(
      /member NobodyMSP/,
    );
  });

  it('a statement id longer than Max35Text keeps a prefix and a digest', () => {
    const id = 'semt.002:BankAMSP:a-rather-long-account-id:2026-03-31';
    const [stmtId] = texts(statementOfHoldings(holdings([], id), servicingRefs()).xml, 'StmtId');
    expect(stmtId).toHaveLength(35);
    expect(stmtId?.startsWith(id.slice(0, 26))).toBe(true);
  });
});

/** Every unit-moving event of bank A's account T1 (and the other side's), in ledger order. */
function lifeOfAccount(): { movements: AccountMovement[]; refs: ReferenceData } {
  const enforced = pledge('rp', [BANK_A, 'T1'], BANK_B, '20', { status: 'ENFORCED', enforcedTo: 'B7' });
  const refs = servicingRefs({ pledges: [enforced] });
  let block = 100;
  const at = (eventName: string, payload: unknown, timestamp: string) => {
    block += 1;
    return movementsOf(ledgerEvent(eventName, payload, timestamp, String(block), txId(`blk${String(block)}`)), refs);
  };
  const lock = hashLock('h1', [BANK_A, 'T1'], [BANK_B, 'B1'], '50');
  const movements = [
    ...at(
      BondEvent.SETTLEMENT_SETTLED,
      { settlement: settlementInstruction(BANK_A, 'T1', '1000', '10000000'), holding: {} },
      '2025-03-17T02:00:00.000Z',
    ),
    ...at(BondEvent.TRANSFER_SETTLED, transfer('t1', [BANK_A, 'T1'], [BANK_B, 'B1'], '300', '3012345'), '2025-06-03T02:00:00.000Z'),
    ...at(BondEvent.TRANSFER_SETTLED, transfer('t2', [PLEDGEE, 'P1'], [BANK_A, 'T1'], '40'), '2025-06-04T02:00:00.000Z'),
    ...at(HashLockEvent.UNITS_LOCKED, lock, '2025-07-01T02:00:00.000Z'),
    ...at(HashLockEvent.UNITS_REFUNDED, { ...lock, status: 'REFUNDED', refundedTo: 'T1' }, '2025-07-02T02:00:00.000Z'),
    ...at(
      BondEvent.PLEDGE_ENFORCED,
      pledge('p1', [BANK_A, 'T1'], PLEDGEE, '10', { status: 'ENFORCED', enforcedTo: 'P9' }),
      '2025-08-01T02:00:00.000Z',
    ),
    ...at(BondEvent.REPO_DEFAULTED, repo('r1', [BANK_A, 'T1'], BANK_B, '20', enforced.pledgeId), '2025-08-09T02:00:00.000Z'),
    ...at(ServicingEvent.PUT_EXERCISED, putElection(BANK_A, 'T1', '2027-03-17', '10'), '2027-02-01T02:00:00.000Z'),
    ...at(
      ServicingEvent.PAYMENT_CONFIRMED,
      entitlement(BANK_A, 'T1', '700', '7000000', { eventId: 'R-MATURITY', paidAt: '2030-03-18T02:00:00.000Z' }),
      '2030-03-18T02:00:00.000Z',
    ),
  ];
  return { movements, refs };
}

describe('semt.017 statement of transactions (ISO 20022 semt.017.001.12 SecuritiesTransactionPostingReportV12)', () => {
  it('posts each movement of the account with its activity, type, direction, payment, quantity, cash and references', async () => {
    const { movements, refs } = lifeOfAccount();
    const own = movements.filter((m) => m.account.holder === BANK_A && m.account.accountId === 'T1');
    const message = statementOfTransactions(transactions(own), refs);
    expect([message.recipients, message.accounts, message.messageType]).toEqual([
      [BANK_A],
      [ACCOUNT],
      MessageType.STATEMENT_OF_TRANSACTIONS,
    ]);
    const xml = message.xml;
    expect(compact(xml)).toContain('<StmtPrd><FrDtToDt><FrDt>2025-01-01</FrDt><ToDt>2030-12-31</ToDt></FrDtToDt></StmtPrd>');
    expect(texts(xml, 'SctiesMvmntTp')).toEqual(['RECE', 'DELI', 'RECE', 'DELI', 'RECE', 'DELI', 'DELI', 'DELI', 'DELI']);
    expect(texts(xml, 'Cd').slice(3)).toEqual([
      ...['SETT', 'PLAC'],
      ...['SETT', 'TRAD'],
      ...['SETT', 'TRAD'],
      ...['SETT', 'OWNI'],
      ...['SETT', 'OWNI'],
      ...['COLL', 'COLO'],
      ...['COLL', 'COLO'],
      ...['CORP', 'BPUT'],
      ...['CORP', 'REDM'],
    ]);
    expect(texts(xml, 'Pmt')).toEqual(['APMT', 'APMT', 'FREE', 'FREE', 'FREE', 'FREE', 'FREE', 'FREE', 'APMT']);
    expect(texts(xml, 'FaceAmt')).toEqual([
      '100000.00',
      '30000.00',
      '4000.00',
      '5000.00',
      '5000.00',
      '1000.00',
      '2000.00',
      '1000.00',
      '70000.00',
    ]);
    // Cash: the investor paid for its primary units, was paid for the units it sold and for its redemption.
    expect(texts(xml, 'Amt')).toEqual(['100000.00', '30123.45', '70000.00']);
    expect(texts(xml, 'CdtDbt')).toEqual(['DBIT', 'CRDT', 'CRDT']);
    expect(texts(xml, 'CorpActnEvtId')).toEqual([`${ISIN}/R-PUT-2027-03-17`, `${ISIN}/R-MATURITY`]);
    expect(texts(xml, 'AcctOwnrTxId').slice(-2)).toEqual(['PUT-2027-03-17', 'R-MATURITY']);
    expect(texts(xml, 'DtTm')[0]).toBe('2025-03-17T02:00:00.000Z');
    expect(texts(xml, 'TxAddtlDtls')[8]).toBe(`REDEMPTION R-MATURITY, block 109, transaction ${txId('blk109')}`);
    expect(xml).not.toContain(LEI[BANK_B]);
    await expectValid(message);
  });

  it('the counterparties’ sides: the pledgee and the lender receive as collateral in (COLI)', () => {
    const { movements, refs } = lifeOfAccount();
    const received = movements.filter((m) => m.account.holder !== BANK_A && m.reason.endsWith('ENFORCEMENT'));
    const xmlOf = (holder: string, accountId: string) =>
      statementOfTransactions(
        { ...transactions(received.filter((m) => m.account.holder === holder)), account: { holder, accountId } },
        refs,
      ).xml;
    expect(texts(xmlOf(PLEDGEE, 'P9'), 'Cd').slice(3)).toEqual(['COLL', 'COLI']);
    expect(texts(xmlOf(BANK_B, 'B7'), 'Cd').slice(3)).toEqual(['COLL', 'COLI']);
  });

  it('groups the movements by bond, each in its own face', async () => {
    const base = {
      account: ACCOUNT,
      direction: 'RECE' as const,
      reason: 'TRANSFER',
      transactionId: txId('x'),
      blockNumber: '5',
      timestamp: '2025-06-03T02:00:00.000Z',
    };
    const message = statementOfTransactions(
      transactions([
        { ...base, isin: ISIN, units: '1', reference: 'a' },
        { ...base, isin: OTHER_ISIN, units: '2', reference: 'b' },
        { ...base, isin: ISIN, units: '3', reference: 'c' },
      ]),
      twoBondRefs(),
    );
    expect(texts(message.xml, 'ISIN')).toEqual([ISIN, OTHER_ISIN]);
    expect(texts(message.xml, 'AcctOwnrTxId')).toEqual(['a', 'c', 'b']);
    expect(texts(message.xml, 'FaceAmt')).toEqual(['100.00', '300.00', '2000000']);
    await expectValid(message);
  });

  it('a period without movements: no activity, still a valid statement', async () => {
    const message = statementOfTransactions(transactions([]), servicingRefs());
    expect(texts(message.xml, 'ActvtyInd')).toEqual(['false']);
    await expectValid(message);
  });

  it('never lists another account’s movement, and refuses a movement it cannot post', () => {
    const { movements, refs } = lifeOfAccount();
    expect(() => statementOfTransactions(transactions(movements), refs)).toThrow(
      /statement of BankAMSP\/T1 cannot list a movement of BankBMSP\/B1/,
    );
    const odd = { ...movements[0]!, reason: 'GIFT' };
    expect(() => statementOfTransactions(transactions([odd]), refs)).toThrow(/no posting for a movement by GIFT/);
  });
});

describe('golden files, reviewed by hand (UPDATE_GOLDEN=1 regenerates)', () => {
  it('bank A’s holdings statement at the end of 2026-03-31', async () => {
    const message = statementOfHoldings(holdings([{ isin: ISIN, units: '700', frozenUnits: '0', pledgedUnits: '100' }]), servicingRefs());
    await expectValid(message);
    expectGolden('semt-holdings-statement', [message]);
  });

  it('bank A’s transactions statement over the bond’s life', async () => {
    const { movements, refs } = lifeOfAccount();
    const own = movements.filter((m) => m.account.holder === BANK_A && m.account.accountId === 'T1');
    const message = statementOfTransactions(transactions(own), refs);
    await expectValid(message);
    expectGolden('semt-transactions-statement', [message]);
  });
});

// The CSD is never an account owner here: a statement goes to the account's holder alone.
it('addresses every statement to the account holder alone', () => {
  const refs = servicingRefs();
  expect(statementOfHoldings(holdings([]), refs).recipients).toEqual([BANK_A]);
  expect(statementOfTransactions(transactions([]), refs).recipients).not.toContain(CSD);
});
