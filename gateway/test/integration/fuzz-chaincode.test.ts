/**
 * Bad input against the chaincode itself (issue 14): the REST fuzz's
 * hostile values (fuzz-support.ts) sent as chaincode arguments through
 * @hyperledger/fabric-gateway, past every check the REST gateway makes.
 * A seeded, reproducible fast-check suite.
 *
 * What is called: every transaction function of every contract the
 * chaincode publishes, read from its contract metadata
 * (`org.hyperledger.fabric:GetMetadata`, evaluated on the network at the
 * start: the API has no list of functions, and the metadata is what the
 * chaincode really serves). A function tagged SUBMIT is a write; any other a
 * read. Request objects are built from the published request types'
 * schemas (gateway/src/http/api-schemas.json, generated from
 * chaincode/src/api); private input goes as transient data under the names
 * the REST gateway's operation table sends (operations.ts).
 *
 * How: wrong arity, malformed JSON, wrong types, huge numbers and strings
 * (up to 60 kB an argument, 1.3 MB of transient data: under gRPC's limits,
 * over the chaincode's documented 16 KiB / 64 KiB / 1 MiB), negative, zero,
 * fractional and exponent quantities, invalid ISINs and LEIs, impossible
 * dates, U+0000 and other control characters, unicode look-alikes,
 * misspelt function and contract names, transient maps; as the CSD's
 * admin and operator, the bank's and the securities company's operators and
 * admins, and viewers (no role attribute) — every organisation and user of
 * network.json, a regulator's too when one is onboarded.
 *
 * Every case is a proposal endorsed as `contract.submit` would (endorse,
 * then submit), so one wrongly accepted would be committed and seen:
 * - a write must be refused at endorsement with a chaincode error carrying
 *   a documented code (ErrorCode, parsed as participants.ts' refusalCode
 *   does); an endorsed write is a failure, and it is submitted, waited for
 *   and reported with its transaction id;
 * - a read may answer, but its endorsed read-write set must hold no write
 *   (public, private or metadata); otherwise it too must be refused with a
 *   code. Reads that answer are not submitted.
 *
 * Why a write case should be refused at all: its arguments are built so
 * that no valid write can come out of them, whatever the function. Every
 * argument that names a record (isin, transferId, a member) names one that
 * does not exist or is malformed; every other field of a request object
 * holds a value invalid under every input rule of the README (a character
 * the free-text rule refuses, which every other text rule refuses too;
 * text too long for any limit; a fraction, `true`, an object, an array of
 * such) or is left out; at most one field holds a merely suspicious value
 * (a quantity, date, instant, LEI or role list the rules should refuse),
 * and then only in a request type with another required field. A write
 * function without JSON input takes an isin or transferId that does not
 * exist; one with neither gets only invalid values. Names of existing
 * members are filtered out.
 *
 * The ledger: others may be writing to the network meanwhile, so the
 * suite does not require unchanged heights (the REST fuzz does, on an idle
 * network). It proves instead that none of its own transactions reached
 * the ledger: it records the transaction id of every proposal it makes,
 * reads every peer's height before the first case and after the last
 * (after any wrongly accepted write was submitted and its commit awaited),
 * and reads every block in between on every peer: not one of them may
 * hold one of those ids, whatever its validation code. A refused
 * endorsement never reaches the orderer, so this is exact: a case that
 * wrote anything is in one of those blocks, and someone else's writes are
 * not mistaken for the fuzz's (they are counted in the summary).
 *
 *   FUZZ_CHAINCODE_CASES  number of generated cases (default 300, as npm test runs it)
 *   FUZZ_CASES            when set (npm run fuzz), at least 5,000 (FUZZ_CHAINCODE_CASES wins if both are set)
 *   FUZZ_SEED             the seed (default 14): the same seed, count and chaincode replay the same cases
 *   FUZZ_ONLY             a case index (or comma-separated list) to replay only those cases, as a failure names them
 */
import fc from 'fast-check';
import { EndorseError, type Proposal, type ProposalOptions, type Transaction } from '@hyperledger/fabric-gateway';
import { common, gateway, ledger, peer } from '@hyperledger/fabric-protos';
import { ErrorCode, type Member, type Page } from '@bond-platform/chaincode/api';
import apiSchemas from '../../src/http/api-schemas.json';
import { OPERATIONS } from '../../src/http/operations';
import { Participants, json, refusalCode } from './participants';
import {
  LONE_SURROGATES,
  LOOK_ALIKES,
  REFUSED_EVERYWHERE,
  fuzzCaseCount,
  fuzzSeed,
  heights,
  hostileValues,
  transactionsBetween,
} from './fuzz-support';

const CASES = fuzzCaseCount(300, 'FUZZ_CHAINCODE_CASES');
const SEED = fuzzSeed();
const ONLY = new Set(
  (process.env.FUZZ_ONLY ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number),
);
const CONCURRENCY = 8;
const DOCUMENTED_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

// --- the network and what it serves -------------------------------------------------------------

const participants = new Participants();
const { chaincode } = participants.network;
const ORGS = Object.keys(participants.network.organizations);
/** A bond that does not exist; the first other organisation's member. */
const NO_BOND = 'CN0000000000';
const EXISTING_MEMBER = participants.mspId(ORGS.includes('bank') ? 'bank' : (ORGS[1] ?? ORGS[0] ?? 'csd'));

interface ContractMetadata {
  contracts: Record<string, { name: string; transactions: { name: string; tag?: string[]; parameters?: { name: string }[] }[] }>;
}

interface ChaincodeFunction {
  /** `Contract:Function`, as sent. */
  name: string;
  params: string[];
  write: boolean;
  /** Names of the private (transient) inputs the REST gateway sends it. */
  transient: string[];
}

/** The transient names the REST gateway's operation table sends each function: its preparation run on placeholder input. */
async function transientNames(): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  const ctx = { csdMspId: 'CSDMSP', evaluate: <T>() => Promise.resolve([] as T) };
  for (const op of OPERATIONS) {
    if (!op.transient) continue;
    const input = { params: new Proxy({}, { get: () => 'X' }) as Record<string, string>, query: {}, body: {}, mspId: 'X' };
    names.set(`${op.contract}:${op.fn}`, Object.keys(await op.transient(input, ctx)));
  }
  return names;
}

async function publishedFunctions(): Promise<ChaincodeFunction[]> {
  const contract = participants.channel('csd', 'viewer1').getContract(chaincode);
  const metadata = json<ContractMetadata>(await contract.evaluateTransaction('org.hyperledger.fabric:GetMetadata'));
  const transient = await transientNames();
  return Object.values(metadata.contracts).flatMap((c) =>
    c.transactions.map((t) => ({
      name: `${c.name}:${t.name}`,
      params: (t.parameters ?? []).map((p) => p.name),
      write: (t.tag ?? []).includes('SUBMIT') || (t.tag ?? []).includes('submitTx'),
      transient: transient.get(`${c.name}:${t.name}`) ?? [],
    })),
  );
}

async function existingMembers(): Promise<Set<string>> {
  const found = new Set(ORGS.map((org) => participants.mspId(org)));
  const contract = participants.channel('csd', 'viewer1').getContract(chaincode, 'Membership');
  let bookmark = '';
  do {
    const page = json<Page<Member>>(await contract.evaluateTransaction('ListMembers', '100', bookmark));
    for (const member of page.records) found.add(member.mspId);
    bookmark = page.bookmark;
  } while (bookmark);
  return found;
}

// --- generating cases ---------------------------------------------------------------------------

interface Caller {
  org: string;
  user: string;
}

interface FuzzCase {
  family: string;
  fn: string;
  caller: Caller;
  args: string[];
  transient?: Record<string, string>;
}

interface Generators {
  caseArbitrary: fc.Arbitrary<FuzzCase>;
}

const insertAt = ([text, c, at]: [string, string, number]): string => {
  const i = text.length === 0 ? 0 : at % (text.length + 1);
  return text.slice(0, i) + c + text.slice(i);
};
const asArgument = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** ISO 17442: 18 alphanumerics, 2 check digits, letters as 10-35, the whole MOD 97 equal to 1. */
const isValidLei = (lei: string): boolean =>
  /^[A-Z0-9]{18}[0-9]{2}$/.test(lei) && BigInt(lei.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55))) % 97n === 1n;
const CANONICAL_WHOLE = /^(0|[1-9][0-9]*)$/;

/** Fields of request objects that name a record: they hold a name that is not on the ledger, or a malformed one. */
const REFERENCE_FIELDS = new Set(['isin', 'transferId', 'applicationId', 'mspId', 'holder', 'to', 'bidder', 'settlementId', 'eventId']);
/** Positional parameters that anchor a write: it must find the record first. */
const ANCHOR_PARAMS = ['isin', 'transferId'];

interface RequestType {
  name: string;
  properties: Record<string, { type?: string; $ref?: string; items?: unknown }>;
  required: string[];
}
const REQUEST_TYPES: RequestType[] = Object.entries(
  apiSchemas as Record<string, { properties?: RequestType['properties']; required?: string[] }>,
)
  .filter(([name, schema]) => name.endsWith('Request') && schema.properties)
  .map(([name, schema]) => ({ name, properties: schema.properties ?? {}, required: schema.required ?? [] }));

function generators(functions: ChaincodeFunction[], members: ReadonlySet<string>): Generators {
  const hostile = hostileValues({ existingMember: EXISTING_MEMBER, noBond: NO_BOND });
  const notMember = (id: string): boolean => !members.has(id);

  // A string invalid under every rule, as an argument (UTF-8 turns lone surrogates into U+FFFD) or inside JSON.
  const poisonString = (inJson: boolean): fc.Arbitrary<string> => {
    const refused = inJson ? [...REFUSED_EVERYWHERE, ...LONE_SURROGATES] : REFUSED_EVERYWHERE;
    const base = fc.oneof(
      hostile.badIdentifier,
      hostile.badIsin,
      hostile.impossibleDate,
      fc.constantFrom(EXISTING_MEMBER, NO_BOND, 'PROPRIETARY', '100', '2030-01-01', 'fuzz@example.com', 'Fuzz Institution'),
    );
    return fc.oneof(
      { weight: 6, arbitrary: fc.tuple(base, fc.constantFrom(...refused), fc.nat()).map(insertAt) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u00a0', '\u3000', ' \t ') },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.integer({ min: 2_100, max: 15_000 }), fc.constantFrom('x', 'Я', '9', 'A')).map(([n, c]) => c.repeat(n)),
      },
    );
  };
  const poisonValue: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 5, arbitrary: poisonString(true) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(true, 1.5, -2.5, 0.1, 1e-7, {}, { units: '\u0000' }, [[]], [{}], [true]) },
    { weight: 1, arbitrary: fc.array(poisonString(true), { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }) },
  );

  const missingMember = hostile.badIdentifier.filter(notMember);
  const missingId = fc.oneof(
    missingMember,
    fc.constantFrom('f'.repeat(64), '0'.repeat(64), 'FUZZ-1', 'C-001', 'R-1'),
    fc.stringMatching(/^[0-9a-f]{64}$/),
  );
  const missingIsin = hostile.badIsin.filter(notMember);
  const reference = (field: string): fc.Arbitrary<unknown> => {
    if (field === 'isin') return missingIsin;
    if (['transferId', 'applicationId', 'settlementId', 'eventId'].includes(field)) return missingId;
    return missingMember;
  };

  /** Merely suspicious values for one field of a kind the rules should refuse (not guaranteed invalid everywhere). */
  const suspicious = (field: string): fc.Arbitrary<unknown> | undefined => {
    if (['units', 'cashAmount', 'overAllotmentUnits'].includes(field)) {
      return hostile.badQuantity.filter(
        (v) => v !== null && v !== undefined && !(typeof v === 'string' && CANONICAL_WHOLE.test(v) && v.length <= 30),
      );
    }
    if (/date$/i.test(field)) return hostile.impossibleDate;
    if (/At$|^asOf$/.test(field)) return hostile.badInstant;
    if (field === 'lei') return hostile.badLei.filter((lei) => !isValidLei(lei));
    if (field === 'roles')
      return fc.constantFrom<unknown>(
        [],
        ['investor'],
        ['INVESTOR\u0000'],
        ['CSD'],
        ['REGULATOR', 'INVESTOR'],
        ['INVESTOR', 'INVESTOR '],
        ['\u0406NVESTOR'],
        'INVESTOR',
        [['INVESTOR']],
      );
    return undefined;
  };

  /** A request object no function can accept (see the header): fields of one published request type, plus junk. */
  const requestObject = (type: RequestType): fc.Arbitrary<Record<string, unknown>> => {
    const fields = Object.keys(type.properties);
    const suspiciousFields = fields.filter((f) => suspicious(f) !== undefined && (type.required.length >= 2 || !type.required.includes(f)));
    return fc
      .record({
        present: fc.subarray(fields),
        references: fc.array(fc.boolean(), { minLength: fields.length, maxLength: fields.length }),
        suspiciousField:
          suspiciousFields.length > 0 ? fc.option(fc.constantFrom(...suspiciousFields), { nil: undefined }) : fc.constant(undefined),
        junk: fc.option(
          fc.tuple(fc.constantFrom('__proto__', 'constructor', 'isin\u0000', '', 'Isin', 'ISIN', '\u0456sin', 'extra'), poisonValue),
          { nil: undefined },
        ),
      })
      .chain(({ present, references, suspiciousField, junk }) => {
        const entries = present.map((field, i) => {
          const value =
            suspiciousField === field ? suspicious(field) : REFERENCE_FIELDS.has(field) && references[i] ? reference(field) : poisonValue;
          return fc.tuple(fc.constant(field), value ?? poisonValue);
        });
        if (suspiciousField !== undefined && !present.includes(suspiciousField))
          entries.push(fc.tuple(fc.constant(suspiciousField), suspicious(suspiciousField) ?? poisonValue));
        return fc.tuple(...entries).map((pairs) => {
          const object: Record<string, unknown> = Object.fromEntries(pairs);
          if (junk) Object.defineProperty(object, junk[0], { value: junk[1], enumerable: true, writable: true, configurable: true });
          return object;
        });
      });
  };

  const typesFor = (fn: string): RequestType[] => {
    const bare = fn.slice(fn.indexOf(':') + 1).toLowerCase();
    return REQUEST_TYPES.filter((t) => {
      const stem = t.name.replace(/Request$/, '').toLowerCase();
      return bare.includes(stem) || stem.includes(bare);
    });
  };
  const requestJsonFor = (fn: string): fc.Arbitrary<string> => {
    const matching = typesFor(fn);
    const type =
      matching.length > 0
        ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...matching) }, { weight: 1, arbitrary: fc.constantFrom(...REQUEST_TYPES) })
        : fc.constantFrom(...REQUEST_TYPES);
    return type.chain(requestObject).map((o) => JSON.stringify(o));
  };

  /** Any hostile text: for a parameter that needs no anchor, or a read. */
  const anyHostile: fc.Arbitrary<string> = fc.oneof(
    hostile.badIdentifier,
    hostile.badIsin,
    hostile.badQuantity.map(asArgument),
    hostile.impossibleDate,
    hostile.badInstant,
    hostile.malformedJson,
    hostile.wrongType.map(asArgument),
    poisonString(false),
  );
  const positional = (param: string, anchored: boolean): fc.Arbitrary<string> => {
    if (!anchored) return poisonString(false);
    if (param === 'isin') return missingIsin;
    if (['transferId', 'applicationId', 'settlementId', 'eventId'].includes(param)) return missingId;
    if (['mspId', 'holder', 'bidder', 'issuer', 'accountId', 'calendarId', 'status'].includes(param)) return hostile.badIdentifier;
    if (/date$/i.test(param)) return hostile.impossibleDate;
    if (param === 'asOf') return hostile.badInstant;
    if (['couponNumber', 'pageSize', 'year'].includes(param)) return hostile.badQuantity.map(asArgument);
    if (/Json$/.test(param)) return fc.oneof(hostile.malformedJson, poisonString(false));
    return anyHostile;
  };
  /** Arguments for `f` at its declared arity; for a write, anchored as the header says. */
  const argumentsFor = (f: ChaincodeFunction): fc.Arbitrary<string[]> => {
    const anchored = !f.write || f.params.some((p) => ANCHOR_PARAMS.includes(p) || /Json$/.test(p));
    return fc.tuple(
      ...f.params.map((p) =>
        /Json$/.test(p)
          ? fc.oneof({ weight: 3, arbitrary: requestJsonFor(f.name) }, { weight: 1, arbitrary: hostile.malformedJson })
          : positional(p, anchored),
      ),
    );
  };

  /** Transient data: the function's own private-input names with bad content, or names it does not take. */
  const transientFor = (f: ChaincodeFunction): fc.Arbitrary<Record<string, string>> => {
    const content = (name: string): fc.Arbitrary<string> => {
      const matching = REQUEST_TYPES.filter((t) => t.name.toLowerCase().startsWith(name.toLowerCase()));
      return fc.oneof(
        {
          weight: 3,
          arbitrary:
            matching.length > 0
              ? fc
                  .constantFrom(...matching)
                  .chain(requestObject)
                  .map((o) => JSON.stringify(o))
              : poisonValue.map((v) => JSON.stringify(v)),
        },
        { weight: 2, arbitrary: hostile.malformedJson },
        { weight: 1, arbitrary: fc.constantFrom('', '[]', '[{}]', '{}', 'null') },
        {
          weight: 1,
          arbitrary: fc.integer({ min: 1_048_577, max: 1_300_000 }).map((n) => JSON.stringify({ isin: NO_BOND, pad: 'x'.repeat(n) })),
        },
      );
    };
    const names = fc.oneof(
      fc.constantFrom(...(f.transient.length > 0 ? f.transient : ['bid', 'orderBook'])),
      fc.constantFrom('Bid', 'bid\u0000', 'orderbook', '', 'x'.repeat(300)),
    );
    return fc
      .array(names, { minLength: 1, maxLength: 3 })
      .chain((list) => fc.tuple(...list.map((n) => fc.tuple(fc.constant(n), content(n)))).map((pairs) => Object.fromEntries(pairs)));
  };

  const callers: Caller[] = ORGS.flatMap((org) =>
    Object.keys(participants.network.organizations[org]?.users ?? {}).map((user) => ({ org, user })),
  );
  const caller = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...callers.filter((c) => c.user.startsWith('operator'))) },
    { weight: 1, arbitrary: fc.constantFrom(...callers) },
  );

  const realNames = new Set(functions.map((f) => f.name));
  const defaultContract = functions[0]?.name.split(':')[0] ?? 'Membership';
  /** What the contract API would run for `name` (its split: up to the first ':', an empty contract is the default). */
  const resolvesToReal = (name: string): boolean => {
    const at = name.indexOf(':');
    if (at < 0) return realNames.has(`${defaultContract}:${name}`);
    const contract = name.slice(0, at).trim() === '' ? defaultContract : name.slice(0, at);
    return realNames.has(`${contract}:${name.slice(at + 1)}`);
  };
  const misspelt = (f: ChaincodeFunction): fc.Arbitrary<string> =>
    fc
      .oneof(
        fc.tuple(fc.constant(f.name), fc.constantFrom(...CONTROL_AND_INVISIBLE), fc.nat()).map(insertAt),
        fc.nat().map((at) => {
          const i = at % f.name.length;
          const options = LOOK_ALIKES[f.name[i] ?? ''] ?? ['\u0430'];
          return f.name.slice(0, i) + (options[at % options.length] ?? '') + f.name.slice(i + 1);
        }),
        fc.constantFrom(
          f.name.toLowerCase(),
          f.name.toUpperCase(),
          `${f.name} `,
          ` ${f.name}`,
          `${f.name}:`,
          `x${f.name}`,
          f.name.replace(':', '::'),
          `${f.name.split(':')[1] ?? ''}:${f.name.split(':')[0] ?? ''}`,
          `Nope:${f.name.split(':')[1] ?? ''}`,
          `org.hyperledger.fabric:${f.name.split(':')[1] ?? ''}`,
          'org.hyperledger.fabric:GetMetadata2',
          'org.hyperledger.fabric:',
          ':',
          '',
          '\u0000',
          `${f.name}\u0000x`,
        ),
      )
      .filter((name) => !resolvesToReal(name));

  const families = (
    f: ChaincodeFunction,
  ): { weight: number; arbitrary: fc.Arbitrary<Omit<FuzzCase, 'fn' | 'caller'> & { fn?: string }> }[] => {
    const list: { weight: number; arbitrary: fc.Arbitrary<Omit<FuzzCase, 'fn' | 'caller'> & { fn?: string }> }[] = [
      { weight: 6, arbitrary: argumentsFor(f).map((args) => ({ family: 'hostile-arguments', args })) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            fc.integer({ min: 0, max: f.params.length + 3 }).filter((n) => n !== f.params.length),
            fc.array(anyHostile, { minLength: f.params.length + 3, maxLength: f.params.length + 3 }),
          )
          .map(([n, values]) => ({ family: 'wrong-arity', args: values.slice(0, n) })),
      },
      {
        weight: 1,
        arbitrary: fc.oneof(
          fc
            .tuple(
              fc.nat(Math.max(0, f.params.length - 1)),
              fc.integer({ min: 16_385, max: 60_000 }),
              fc.constantFrom('A', '\u0000', 'é', '{'),
            )
            .map(([at, n, c]) => ({ family: 'oversized', args: f.params.map((_, i) => (i === at ? c.repeat(n) : 'X')) })),
          fc.integer({ min: 5, max: 8 }).map((n) => ({ family: 'oversized', args: Array.from({ length: n }, () => 'B'.repeat(15_000)) })),
          fc.integer({ min: 16_385, max: 40_000 }).map((n) => ({ family: 'oversized', fn: `${f.name}${'Z'.repeat(n)}`, args: [] })),
        ),
      },
      { weight: 1, arbitrary: misspelt(f).map((fn) => ({ family: 'unknown-function', fn, args: f.params.map(() => 'X') })) },
    ];
    if (f.params.some((p) => /Json$/.test(p)))
      list.push({
        weight: 2,
        arbitrary: fc
          .array(hostile.malformedJson, { minLength: f.params.length, maxLength: f.params.length })
          .map((args) => ({ family: 'malformed-json', args })),
      });
    if (f.transient.length > 0)
      list.push({
        weight: 4,
        arbitrary: fc.tuple(argumentsFor(f), transientFor(f)).map(([args, transient]) => ({ family: 'transient', args, transient })),
      });
    else
      list.push({
        weight: 1,
        arbitrary: fc.tuple(argumentsFor(f), transientFor(f)).map(([args, transient]) => ({ family: 'transient', args, transient })),
      });
    return list;
  };

  const caseArbitrary = fc
    .tuple(fc.constantFrom(...functions), caller)
    .chain(([f, who]) => fc.oneof(...families(f)).map((c): FuzzCase => ({ ...c, fn: c.fn ?? f.name, caller: who })));
  return { caseArbitrary };
}

const CONTROL_AND_INVISIBLE = [
  '\u0000',
  '\u0001',
  '\t',
  '\n',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\uffff',
  '\u{10ffff}',
];

// --- running cases ------------------------------------------------------------------------------

type Outcome = { kind: 'refused'; code: string } | { kind: 'answered' } | { kind: 'failed'; problem: string };

/** Writes in an endorsed transaction's read-write set: public keys, private (hashed) keys, metadata. */
function writesOf(preparedTransaction: Uint8Array): string[] {
  const envelope = gateway.PreparedTransaction.deserializeBinary(preparedTransaction).getEnvelope();
  const payload = common.Payload.deserializeBinary(envelope?.getPayload_asU8() ?? new Uint8Array());
  const writes: string[] = [];
  for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    if (!endorsed) continue;
    const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
    const results = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getResults_asU8();
    for (const ns of ledger.rwset.TxReadWriteSet.deserializeBinary(results).getNsRwsetList()) {
      const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
      for (const w of kv.getWritesList()) writes.push(`${ns.getNamespace()} ${JSON.stringify(w.getKey())}`);
      for (const w of kv.getMetadataWritesList()) writes.push(`${ns.getNamespace()} metadata ${JSON.stringify(w.getKey())}`);
      for (const collection of ns.getCollectionHashedRwsetList()) {
        const hashed = ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8());
        const count = hashed.getHashedWritesList().length + hashed.getMetadataWritesList().length;
        if (count > 0) writes.push(`${ns.getNamespace()} ${collection.getCollectionName()}: ${count} private`);
      }
    }
  }
  return writes;
}

const VALIDATION_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(peer.TxValidationCode as unknown as Record<string, number>).map(([name, code]) => [code, name]),
);

const grpcDetail = (error: unknown): string => {
  const details = (error as { details?: { mspId?: string; message: string }[] }).details ?? [];
  const text = [error instanceof Error ? error.message : String(error), ...details.map((d) => `[${d.mspId ?? '?'}] ${d.message}`)].join(
    ' | ',
  );
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

const proposalOptions = (c: FuzzCase): ProposalOptions =>
  c.transient
    ? { arguments: c.args, transientData: Object.fromEntries(Object.entries(c.transient).map(([k, v]) => [k, Buffer.from(v, 'utf8')])) }
    : { arguments: c.args };

/** Endorses the case as contract.submit would; submits only what was wrongly endorsed as a write. */
async function run(c: FuzzCase, f: ChaincodeFunction | undefined, transactionIds: Set<string>): Promise<Outcome> {
  const contract = participants.channel(c.caller.org, c.caller.user).getContract(chaincode);
  let proposal: Proposal;
  try {
    proposal = contract.newProposal(c.fn, proposalOptions(c));
  } catch (error) {
    return { kind: 'failed', problem: `no proposal: ${grpcDetail(error)}` };
  }
  transactionIds.add(proposal.getTransactionId());
  let endorsed: Transaction;
  try {
    endorsed = await proposal.endorse();
  } catch (error) {
    if (!(error instanceof EndorseError)) return { kind: 'failed', problem: `not an endorsement refusal: ${grpcDetail(error)}` };
    const code = refusalCode(error);
    if (code === undefined || !DOCUMENTED_CODES.has(code))
      return { kind: 'failed', problem: `refused without a documented code: ${grpcDetail(error)}` };
    return { kind: 'refused', code };
  }
  const writes = writesOf(endorsed.getBytes());
  if (f && !f.write && writes.length === 0) return { kind: 'answered' };
  return {
    kind: 'failed',
    problem: `${wronglyEndorsed(f)} (${writes.length} writes${writes.length ? `: ${writes.slice(0, 3).join('; ')}` : ''}); ${await submitWronglyEndorsed(endorsed)}`,
  };
}

const wronglyEndorsed = (f: ChaincodeFunction | undefined): string =>
  f ? (f.write ? 'a write was endorsed' : 'a read wrote') : 'an unknown function was endorsed';

/** Submits a wrongly endorsed transaction, as contract.submit would, so that the ledger check sees it too; says what became of it. */
async function submitWronglyEndorsed(endorsed: Transaction): Promise<string> {
  try {
    const status = await (await endorsed.submit()).getStatus();
    return `transaction ${endorsed.getTransactionId()} committed in block ${status.blockNumber} as ${VALIDATION_NAMES[status.code] ?? status.code}`;
  } catch (error) {
    return `transaction ${endorsed.getTransactionId()} not committed: ${grpcDetail(error)}`;
  }
}

const short = (text: string): string => {
  const json = JSON.stringify(text);
  return json.length > 120 ? `${json.slice(0, 110)}…" (${text.length} chars)` : json;
};
const describeCase = (c: FuzzCase): string =>
  `${c.caller.org}/${c.caller.user} ${short(c.fn)}(${c.args.map(short).join(', ')})${
    c.transient
      ? ` transient {${Object.entries(c.transient)
          .map(([k, v]) => `${short(k)}: ${short(v)}`)
          .join(', ')}}`
      : ''
  }`;

describe(`fuzzing the chaincode's arguments: ${CASES} generated cases, seed ${SEED}`, () => {
  jest.setTimeout(Math.max(600_000, CASES * 400));

  afterAll(() => {
    participants.close();
  });

  it('refuses every bad write at endorsement with a documented code, lets reads answer without writing, and commits none of it', async () => {
    const functions = await publishedFunctions();
    const byName = new Map(functions.map((f) => [f.name, f]));
    expect(functions.filter((f) => f.write).length).toBeGreaterThan(0);
    const { caseArbitrary } = generators(functions, await existingMembers());
    const all = fc.sample(caseArbitrary, { seed: SEED, numRuns: CASES });
    const indexes = ONLY.size > 0 ? [...ONLY].filter((i) => i >= 0 && i < all.length) : all.map((_, i) => i);

    const before = await heights();
    const started = Date.now();
    const transactionIds = new Set<string>();
    const failures: { index: number; c: FuzzCase; problem: string }[] = [];
    const perFunction = new Map<string, Map<string, number>>();
    const perFamily = new Map<string, number>();
    const perCode = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < indexes.length) {
        const index = indexes[next++]!;
        const c = all[index]!;
        const f = byName.get(c.fn);
        const outcome = await run(c, f, transactionIds);
        const label = outcome.kind === 'refused' ? outcome.code : outcome.kind === 'answered' ? 'answered' : 'FAILED';
        const key = f ? f.name : '(unknown function)';
        const counts = perFunction.get(key) ?? new Map<string, number>();
        counts.set(label, (counts.get(label) ?? 0) + 1);
        perFunction.set(key, counts);
        perFamily.set(c.family, (perFamily.get(c.family) ?? 0) + 1);
        perCode.set(label, (perCode.get(label) ?? 0) + 1);
        if (outcome.kind === 'failed') failures.push({ index, c, problem: outcome.problem });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    // Every block any peer committed during the run: none may hold a transaction of the fuzz.
    const after = await heights();
    const committed: string[] = [];
    let othersTransactions = 0;
    for (const org of Object.keys(before)) {
      for (const tx of await transactionsBetween(org, before[org] ?? 0, after[org] ?? 0)) {
        if (transactionIds.has(tx.transactionId)) committed.push(`${org}: ${tx.line}`);
        else othersTransactions++;
      }
    }

    const summary = [
      `fuzz-chaincode: ${indexes.length} cases tried (seed ${SEED}, ${functions.length} functions of ${new Set(functions.map((f) => f.name.split(':')[0])).size} contracts) in ${seconds} s; ${failures.length} failed`,
      `  outcomes: ${[...perCode]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
      `  families: ${[...perFamily].map(([k, n]) => `${k} ${n}`).join(', ')}`,
      `  per function: ${[...perFunction]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([fn, counts]) => `${fn} ${[...counts].map(([k, n]) => `${k}×${n}`).join('/')}`)
        .join('; ')}`,
      `  ledger: heights before ${JSON.stringify(before)}, after ${JSON.stringify(after)}; ${transactionIds.size} proposals, ${committed.length} of them in a block; ${othersTransactions} transactions by others meanwhile`,
    ];
    for (const { index, c, problem } of failures.slice(0, 25)) {
      summary.push(
        `  FAILED case #${index} (reproduce: FUZZ_SEED=${SEED} FUZZ_CHAINCODE_CASES=${CASES} FUZZ_ONLY=${index}) ${c.family}: ${problem}`,
        `    ${describeCase(c)}`,
      );
    }
    if (failures.length > 25) summary.push(`  … and ${failures.length - 25} more failures`);
    for (const line of committed.slice(0, 20)) summary.push(`  COMMITTED ${line}`);
    process.stdout.write(`${summary.join('\n')}\n`);

    expect({ failures: failures.map((f) => `#${f.index} ${f.c.fn}: ${f.problem.slice(0, 200)}`), committed }).toEqual({
      failures: [],
      committed: [],
    });
  });
});
