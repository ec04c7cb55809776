/**
 * The ISO 20022 routes through the HTTP layer, over a stand-in ledger
 * client (members, bonds, holding history and pledges) and blocks built
 * with the Fabric protobufs, with the test builders of message.ts's
 * contract: the feed is the caller's messages only, one message is XML or
 * 404 (the same for none and for another's), statements go to the holder,
 * the CSD and the regulator only, and bad queries are 400 in the error model.
 */
import { peer } from '@hyperledger/fabric-protos';
import request from 'supertest';
import { Role } from '@bond-platform/chaincode/api';
import type { LedgerClient } from '../fabric/ledger-client';
import { type TestTransaction, testBlock } from '../fabric/test-blocks';
import type { BlockSource } from '../standards/iso20022/chain-events';
import type {
  AccountMovement,
  HoldingsStatementInput,
  IsoMessage,
  LedgerEvent,
  TransactionsStatementInput,
} from '../standards/iso20022/message';
import type { StatementBuilders } from '../standards/iso20022/registry';
import { TEST_BUILDERS } from '../standards/iso20022/test-builders';
import { testApp, testConfig } from './test-app';
import { ApiKeys, issueKey } from './auth';
import { ApiError } from './errors';

const operator = issueKey('operator1');
const asOperator = { Authorization: `Bearer ${operator.key}` };
const TX = (n: number): string => n.toString(16).padStart(64, '0');
const ISIN = 'CND100000012';
const stamp = (timestamp: string) => ({ mspId: 'CSDMSP', identity: 'x509::CN=op', timestamp, txId: timestamp });
const member = (mspId: string, roles: string[]) => ({
  mspId,
  legalName: mspId,
  lei: `${mspId.padEnd(18, 'X').slice(0, 18)}00`,
  roles,
  status: 'ACTIVE',
});
const MEMBERS = [
  member('CSDMSP', [Role.CSD]),
  member('RegulatorMSP', [Role.REGULATOR]),
  member('BankMSP', [Role.ISSUER, Role.INVESTOR]),
  member('FundMSP', [Role.INVESTOR]),
  member('SecuritiesMSP', [Role.UNDERWRITER, Role.INVESTOR]),
];
const transfer = (from: string, to: string, units: string) => ({ isin: ISIN, from, fromAccount: 'PROP', to, toAccount: 'PROP', units });

/** The chain: an approval, two transfers out of BankMSP/PROP, a freeze, a failing builder's event, an invalid transaction. */
const CHAIN: TestTransaction[][] = [
  [{ id: TX(1), timestamp: '2026-11-01T08:00:00.000Z' }],
  [{ id: TX(2), timestamp: '2026-11-01T09:00:00.000Z', event: { name: 'BondApproved', payload: { isin: ISIN } } }],
  [
    {
      id: TX(3),
      timestamp: '2026-11-03T10:00:00.000Z',
      event: { name: 'TransferSettled', payload: transfer('BankMSP', 'FundMSP', '100') },
    },
    {
      id: TX(4),
      timestamp: '2026-11-03T10:00:01.000Z',
      validationCode: peer.TxValidationCode.MVCC_READ_CONFLICT,
      event: { name: 'TransferSettled', payload: transfer('BankMSP', 'FundMSP', '999') },
    },
  ],
  [
    {
      id: TX(5),
      timestamp: '2026-11-05T10:00:00.000Z',
      event: { name: 'HoldingFrozen', payload: { isin: ISIN, holder: 'BankMSP', accountId: 'PROP', units: '10', reason: 'order' } },
    },
    { id: TX(6), timestamp: '2026-11-05T11:00:00.000Z', event: { name: 'Broken', payload: {} } },
  ],
  [
    {
      id: TX(7),
      timestamp: '2026-11-07T09:00:00.000Z',
      event: { name: 'TransferSettled', payload: transfer('BankMSP', 'SecuritiesMSP', '50') },
    },
  ],
];
const BLOCKS = CHAIN.map((txs, n) => testBlock(n, txs));

/** Holding history of BankMSP/PROP, newest first. */
const HISTORY = [
  {
    txId: TX(7),
    timestamp: '2026-11-07T09:00:00.000Z',
    isDelete: false,
    holding: { isin: ISIN, holder: 'BankMSP', accountId: 'PROP', units: '50' },
  },
  {
    txId: TX(3),
    timestamp: '2026-11-03T10:00:00.000Z',
    isDelete: false,
    holding: { isin: ISIN, holder: 'BankMSP', accountId: 'PROP', units: '100' },
  },
  {
    txId: 'p',
    timestamp: '2026-11-01T12:00:00.000Z',
    isDelete: false,
    holding: { isin: ISIN, holder: 'BankMSP', accountId: 'PROP', units: '200' },
  },
];
const PLEDGE = {
  pledgeId: 'P1',
  isin: ISIN,
  pledgor: 'BankMSP',
  accountId: 'PROP',
  pledgee: 'SecuritiesMSP',
  units: '20',
  status: 'RELEASED',
  created: stamp('2026-11-02T10:00:00.000Z'),
  lastChange: stamp('2026-11-06T10:00:00.000Z'),
};

/** Unit movements of a settled test transfer: the seller's delivery and the buyer's receipt. */
function movementsOf(event: LedgerEvent): AccountMovement[] {
  if (event.eventName !== 'TransferSettled') return [];
  const t = event.payload as ReturnType<typeof transfer>;
  const base = {
    isin: t.isin,
    units: t.units,
    reason: 'TRANSFER',
    transactionId: event.transactionId,
    blockNumber: event.blockNumber,
    timestamp: event.timestamp,
  };
  return [
    { ...base, account: { holder: t.from, accountId: t.fromAccount }, direction: 'DELI' },
    { ...base, account: { holder: t.to, accountId: t.toAccount }, direction: 'RECE' },
  ];
}

function statementBuilders(): StatementBuilders & { holdings: HoldingsStatementInput[]; transactions: TransactionsStatementInput[] } {
  const holdings: HoldingsStatementInput[] = [];
  const transactions: TransactionsStatementInput[] = [];
  const message = (id: string, createdAt: string, xml: string): IsoMessage => ({
    id,
    messageType: 'semt.002.001.11',
    recipients: [],
    accounts: [],
    createdAt,
    xml,
  });
  return {
    holdings,
    transactions,
    statementOfHoldings: (input) => {
      holdings.push(input);
      return message(input.id, input.createdAt, `<Document><Stmt>${input.id}</Stmt></Document>`);
    },
    statementOfTransactions: (input) => {
      transactions.push(input);
      return message(input.id, input.createdAt, `<Document><Txs>${input.movements.length}</Txs></Document>`);
    },
    movementsOf,
  };
}

function setUp(mspId: string, options: { statements?: StatementBuilders | undefined } = {}) {
  const evaluated: string[] = [];
  const source: BlockSource = {
    height: () => Promise.resolve(BigInt(BLOCKS.length)),
    async *blocks(from, to) {
      for (let n = Number(from); n <= Number(to); n++) yield BLOCKS[n]!;
    },
  };
  const ledger = {
    evaluate: (_user: string, contract: string, fn: string, args: string[]) => {
      evaluated.push([contract, fn, ...args].join(' '));
      switch (fn) {
        case 'ListMembers':
          return Promise.resolve({ records: MEMBERS, bookmark: '', fetchedRecordsCount: MEMBERS.length });
        case 'GetBond':
          return args[0] === ISIN
            ? Promise.resolve({ isin: ISIN, issuer: 'BankMSP' })
            : Promise.reject(new ApiError(404, 'NOT_FOUND', 'no bond'));
        case 'ListHoldingsOfHolder':
          return Promise.resolve({ records: [{ isin: ISIN, holder: args[0], accountId: 'PROP', units: '50' }], bookmark: '' });
        case 'GetHoldingHistory':
          return Promise.resolve(args[1] === 'BankMSP' && args[2] === 'PROP' ? HISTORY : []);
        case 'ListPledgesOfBond':
          return Promise.resolve({ records: [PLEDGE], bookmark: '' });
        default:
          return Promise.reject(new Error(`unexpected ${fn}`));
      }
    },
  } as unknown as LedgerClient;
  const config = testConfig({ organization: mspId, mspId, channel: 'bonds', chaincode: 'bond', bodyLimit: '1kb', bidBodyLimit: '1kb' });
  const statements = 'statements' in options ? options.statements : statementBuilders();
  const { app } = testApp(config, ledger, new ApiKeys([operator.record]), { builders: TEST_BUILDERS, statements, blocks: () => source });
  return { app, evaluated, statements };
}

interface FeedBody {
  messages: {
    id: string;
    messageType: string;
    isin?: string;
    accounts: { holder: string; accountId: string }[];
    recipients: string[];
    createdAt: string;
  }[];
  next: string | null;
  skipped: number;
}
const errorOf = (response: { body: unknown }) => (response.body as { error: { code: string; message: string } }).error;

describe('GET /iso20022/messages', () => {
  it("a participant's feed: its own messages and static data, never another's account; the invalid transaction's event gives none", async () => {
    const response = await request(setUp('FundMSP').app).get('/iso20022/messages').set(asOperator);
    expect(response.status).toBe(200);
    const body = response.body as FeedBody;
    expect(body.messages).toEqual([
      {
        id: `1:${TX(2)}:0`,
        messageType: 'reda.006.001.01',
        isin: ISIN,
        accounts: [],
        recipients: ['*'],
        createdAt: '2026-11-01T09:00:00.000Z',
      },
      {
        id: `2:${TX(3)}:1`,
        messageType: 'sese.025.001.11',
        isin: ISIN,
        accounts: [{ holder: 'FundMSP', accountId: 'PROP' }],
        recipients: ['FundMSP'],
        createdAt: '2026-11-03T10:00:00.000Z',
      },
    ]);
    // The page read to the height: `next` is past the last transaction, the failing builder's event is counted.
    expect([body.next, body.skipped]).toEqual([`4:${TX(7)}:1`, 1]);
  });

  it('the CSD and the regulator read every message; pages resume with `next`, also in the middle of an event', async () => {
    for (const mspId of ['CSDMSP', 'RegulatorMSP']) {
      const { app } = setUp(mspId);
      const first = (await request(app).get('/iso20022/messages?limit=2').set(asOperator)).body as FeedBody;
      expect([first.messages.map((m) => m.id), first.next]).toEqual([[`1:${TX(2)}:0`, `2:${TX(3)}:0`], `2:${TX(3)}:0`]);
      const rest = (
        await request(app)
          .get(`/iso20022/messages?after=${first.next ?? ''}`)
          .set(asOperator)
      ).body as FeedBody;
      expect(rest.messages.map((m) => m.id)).toEqual([`2:${TX(3)}:1`, `4:${TX(7)}:0`, `4:${TX(7)}:1`]);
      const none = (
        await request(app)
          .get(`/iso20022/messages?after=${rest.next ?? ''}`)
          .set(asOperator)
      ).body as FeedBody;
      expect([none.messages, none.next]).toEqual([[], rest.next]);
    }
  });

  it('filters by message type and ISIN', async () => {
    const { app } = setUp('CSDMSP');
    const byType = (await request(app).get('/iso20022/messages?type=reda.006.001.01').set(asOperator)).body as FeedBody;
    expect(byType.messages.map((m) => m.id)).toEqual([`1:${TX(2)}:0`]);
    const byIsin = (await request(app).get('/iso20022/messages?isin=CND100000020').set(asOperator)).body as FeedBody;
    expect(byIsin.messages).toEqual([]);
  });

  it.each([
    ['after=12', 'query/after'],
    [`after=18446744073709551616:${TX(1)}:0`, 'after must be a message id'],
    [`after=2:${TX(9)}:0`, 'after names no transaction of its block'],
    ['limit=0', 'query/limit'],
    ['limit=501', 'query/limit'],
    ['limit=ten', 'query/limit'],
    ['type=MT535', 'query/type'],
    ['isin=cnd10000001x', 'query/isin'],
  ])('refuses %s with 400 INVALID_ARGUMENT', async (query, message) => {
    const response = await request(setUp('CSDMSP').app).get(`/iso20022/messages?${query}`).set(asOperator);
    expect([response.status, errorOf(response).code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(errorOf(response).message).toContain(message);
  });
});

describe('GET /iso20022/messages/{id}', () => {
  it("answers the caller's message as XML", async () => {
    const response = await request(setUp('FundMSP').app)
      .get(`/iso20022/messages/2:${TX(3)}:1`)
      .set(asOperator);
    expect([response.status, response.headers['content-type']]).toEqual([200, 'application/xml; charset=utf-8']);
    expect(response.text).toContain('<Acct>FundMSP/PROP</Acct>');
  });

  it("answers another's message exactly as one that does not exist", async () => {
    const { app } = setUp('FundMSP');
    const others = await request(app)
      .get(`/iso20022/messages/2:${TX(3)}:0`)
      .set(asOperator);
    const none = await request(app)
      .get(`/iso20022/messages/2:${TX(3)}:2`)
      .set(asOperator);
    expect([others.status, errorOf(others).code]).toEqual([404, 'NOT_FOUND']);
    expect([none.status, errorOf(none).code]).toEqual([404, 'NOT_FOUND']);
    expect(errorOf(others).message.replace(/:[0-9]+$/, ':N')).toBe(errorOf(none).message.replace(/:[0-9]+$/, ':N'));
    const invalidTransaction = await request(app)
      .get(`/iso20022/messages/2:${TX(4)}:1`)
      .set(asOperator);
    const beyondHeight = await request(app)
      .get(`/iso20022/messages/99:${TX(3)}:1`)
      .set(asOperator);
    expect([invalidTransaction.status, beyondHeight.status]).toEqual([404, 404]);
  });

  it('refuses what is no message id with 400', async () => {
    const response = await request(setUp('FundMSP').app).get('/iso20022/messages/2:abc:1').set(asOperator);
    expect([response.status, errorOf(response).code]).toEqual([400, 'INVALID_ARGUMENT']);
  });
});

describe('GET /iso20022/statements/holdings (semt.002)', () => {
  it("states the holder's positions at the end of the date: units from the holding's history, frozen and pledged units then", async () => {
    const { app, statements } = setUp('BankMSP');
    for (const date of ['2026-11-04', '2026-11-06']) {
      const response = await request(app).get(`/iso20022/statements/holdings?holder=BankMSP&accountId=PROP&date=${date}`).set(asOperator);
      expect([response.status, response.headers['content-type']]).toEqual([200, 'application/xml; charset=utf-8']);
    }
    const inputs = (statements as ReturnType<typeof statementBuilders>).holdings;
    expect(inputs.map((i) => i.positions)).toEqual([
      [{ isin: ISIN, units: '100', frozenUnits: '0', pledgedUnits: '20' }],
      [{ isin: ISIN, units: '100', frozenUnits: '10', pledgedUnits: '0' }],
    ]);
    expect(inputs[0]).toMatchObject({
      account: { holder: 'BankMSP', accountId: 'PROP' },
      statementDate: '2026-11-04',
      createdAt: '2026-11-07T09:00:00.000Z',
    });
    expect(inputs[0]?.id).toMatch(/^SEMT002-[0-9A-F]{24}$/);
  });

  it("is the holder's, the CSD's and the regulator's only: anyone else gets 403 ACCESS_DENIED", async () => {
    const query = '/iso20022/statements/holdings?holder=BankMSP&accountId=PROP&date=2026-11-06';
    for (const mspId of ['CSDMSP', 'RegulatorMSP']) expect((await request(setUp(mspId).app).get(query).set(asOperator)).status).toBe(200);
    const { app, evaluated } = setUp('FundMSP');
    const refused = await request(app).get(query).set(asOperator);
    expect([refused.status, errorOf(refused).code]).toEqual([403, 'ACCESS_DENIED']);
    expect(evaluated).toEqual(['Membership ListMembers 100 ']);
  });

  it.each([
    ['accountId=PROP&date=2026-11-06', 'query must have required property'],
    ['holder=BankMSP&date=2026-11-06', 'query must have required property'],
    ['holder=BankMSP&accountId=PROP', 'query must have required property'],
    ['holder=BankMSP&accountId=PROP&date=2026-02-30', 'date must be a calendar date'],
    ['holder=BankMSP&accountId=PROP&date=2999-01-01', 'date must not be after today'],
    ['holder=Bank/MSP&accountId=PROP&date=2026-11-06', 'query/holder'],
  ])('refuses %s with 400 INVALID_ARGUMENT', async (query, message) => {
    const response = await request(setUp('BankMSP').app).get(`/iso20022/statements/holdings?${query}`).set(asOperator);
    expect([response.status, errorOf(response).code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(errorOf(response).message).toContain(message);
  });
});

describe('GET /iso20022/statements/transactions (semt.017)', () => {
  it("states the account's movements of the period's committed events", async () => {
    const { app, statements } = setUp('RegulatorMSP');
    const response = await request(app)
      .get('/iso20022/statements/transactions?holder=BankMSP&accountId=PROP&from=2026-11-02&to=2026-11-06')
      .set(asOperator);
    expect([response.status, response.text]).toEqual([200, '<Document><Txs>1</Txs></Document>']);
    const [input] = (statements as ReturnType<typeof statementBuilders>).transactions;
    expect(input?.movements.map((m) => [m.transactionId, m.direction, m.units])).toEqual([[TX(3), 'DELI', '100']]);
    expect(input).toMatchObject({ fromDate: '2026-11-02', toDate: '2026-11-06', createdAt: '2026-11-07T09:00:00.000Z' });
  });

  it('refuses a period that ends before it starts, and a stranger', async () => {
    const backwards = await request(setUp('BankMSP').app)
      .get('/iso20022/statements/transactions?holder=BankMSP&accountId=PROP&from=2026-11-06&to=2026-11-02')
      .set(asOperator);
    expect([backwards.status, errorOf(backwards).message]).toEqual([400, 'from must not be after to']);
    const stranger = await request(setUp('SecuritiesMSP').app)
      .get('/iso20022/statements/transactions?holder=BankMSP&accountId=PROP&from=2026-11-02&to=2026-11-06')
      .set(asOperator);
    expect([stranger.status, errorOf(stranger).code]).toEqual([403, 'ACCESS_DENIED']);
  });
});
