/**
 * What the transfer scenarios start from: an issued bond whose units sit in
 * many accounts, so that transfers can be chosen never to touch the same
 * holding at once. Built once on a network and kept in
 * $BOND_NETWORK_HOME/bench/transfer-fixture.json (the Caliper workload reads
 * it too); a later run with more pairs seeds only the missing ones.
 *
 *   pair w: the bank's account BENCH-w and the securities company's account
 *           BENCH-w, each holding SEED_UNITS; a transfer moves one unit
 *           between them, either way.
 *   hot:    the bank's account HOT, which the hot-spot scenario drains.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type {
  Bond,
  BondApplication,
  Bid,
  ContractName,
  FunctionName,
  PrimarySettlementBatch,
  Transfer,
} from '@bond-platform/chaincode/api';
import { afterCommit, type DirectClients, type Timed } from './clients';

export interface Account {
  org: string;
  mspId: string;
  accountId: string;
}

export interface TransferFixture {
  isin: string;
  pairs: { seller: Account; buyer: Account }[];
  hot: Account;
  /** Units each transfer moves and the cash leg it carries (minor units). */
  units: string;
  cashAmount: string;
}

export const SEED_UNITS = 10_000n;
export const HOT_UNITS = 1_000_000n;
const ISSUE_SIZE = 100_000_000n;
/** The organisations of the test network the fixture uses (network.json keys). */
const CSD = 'csd';
const BANK = 'bank';
const SECURITIES = 'securities';
const MEMBERS: Record<string, { roles: string[]; lei: string }> = {
  [BANK]: { roles: ['CUSTODIAN', 'INVESTOR', 'PAYING_AGENT'], lei: '969500KSV493XWY0PS33' },
  [SECURITIES]: { roles: ['INVESTOR', 'ISSUER', 'UNDERWRITER'], lei: '7ZW8QJWVPR4P1S5PX088' },
};

/**
 * Terms of an annual fixed-rate CNY bond (CNY 100.00 a unit, issued at par,
 * dates unadjusted, record date the payment date) issued `yearsSinceIssue`
 * years ago today: with 1, its first coupon falls due today.
 */
export function benchmarkTerms(bond: {
  shortName: string;
  issueSize: bigint;
  yearsSinceIssue: number;
  yearsToMaturity: number;
  payingAgent: string;
}): Record<string, unknown> {
  const today = new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  return {
    shortName: bond.shortName,
    specifiedCurrency: 'CNY',
    specifiedDenomination: '10000',
    issueSize: bond.issueSize.toString(),
    interestType: 'FIXED',
    interestRate: '2.5',
    interestPaymentFrequency: 'ANNUALLY',
    dayCountFraction: 'ICMA_ACT/ACT',
    issueDate: `${year - bond.yearsSinceIssue}${today.slice(4)}`,
    maturityDate: `${year + bond.yearsToMaturity}${today.slice(4)}`,
    businessDayConvention: 'UNADJUSTED',
    businessDayCalendar: 'CN-IB',
    recordDateOffset: 0,
    payingAgent: bond.payingAgent,
    statusOfNote: 'SENIOR_UNSECURED',
    formOfNote: 'REGISTERED',
    issuePrice: '100',
  };
}

export function fixtureFile(networkHome: string): string {
  return path.join(networkHome, 'bench', 'transfer-fixture.json');
}

/** Fails the setup loudly: a benchmark on a half-built fixture would measure nothing true. */
function must<T>(step: string, answer: Timed<T>): T {
  if (answer.sample.outcome !== 'VALID') throw new Error(`benchmark setup: ${step} failed (${answer.sample.outcome})`);
  return answer.value as T;
}

export class FixtureBuilder {
  constructor(
    readonly clients: DirectClients,
    readonly chaincode: string,
    readonly progress: (line: string) => void,
  ) {}

  #as(org: string, contract: ContractName, user = 'operator1') {
    return this.clients.contract(org, user, this.chaincode, contract);
  }

  #msp(org: string): string {
    return this.clients.mspId(org);
  }

  /** The fixture with at least `pairs` pairs, built or extended as needed. */
  async ensure(networkHome: string, pairs: number): Promise<TransferFixture> {
    const file = fixtureFile(networkHome);
    let fixture = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TransferFixture) : undefined;
    if (fixture && !(await this.#isIssued(fixture.isin))) fixture = undefined;
    if (!fixture) {
      await this.#admitMembers();
      const isin = await this.#issueBond();
      fixture = {
        isin,
        pairs: [],
        hot: { org: BANK, mspId: this.#msp(BANK), accountId: 'HOT' },
        units: '1',
        cashAmount: '10000',
      };
      await this.#seed(isin, [[fixture.hot, HOT_UNITS]]);
      this.#save(file, fixture);
    }
    if (fixture.pairs.length < pairs) {
      const added = Array.from({ length: pairs - fixture.pairs.length }, (_, i) => {
        const accountId = `BENCH-${String(fixture.pairs.length + i + 1).padStart(4, '0')}`;
        return {
          seller: { org: BANK, mspId: this.#msp(BANK), accountId },
          buyer: { org: SECURITIES, mspId: this.#msp(SECURITIES), accountId },
        };
      });
      this.progress(`seeding ${added.length} pairs of accounts with ${SEED_UNITS} units each`);
      await this.#seed(
        fixture.isin,
        added.flatMap((p) => [[p.seller, SEED_UNITS] as const, [p.buyer, SEED_UNITS] as const]),
      );
      fixture.pairs.push(...added);
      this.#save(file, fixture);
    }
    return fixture;
  }

  #save(file: string, fixture: TransferFixture): void {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(fixture, null, 2) + '\n');
  }

  async #isIssued(isin: string): Promise<boolean> {
    const answer = await this.clients.evaluate<Bond>(this.#as(CSD, 'Bonds'), 'GetBond', [isin]);
    return answer.sample.outcome === 'VALID' && answer.value?.status === 'ISSUED';
  }

  /** The bank and the securities company as members with the roles the fixture needs (kept if already admitted). */
  async #admitMembers(): Promise<void> {
    for (const [org, { roles, lei }] of Object.entries(MEMBERS)) {
      const known = await this.clients.evaluate(this.#as(CSD, 'Membership'), 'GetMember', [this.#msp(org)]);
      if (known.sample.outcome === 'VALID') continue;
      this.progress(`admitting ${this.#msp(org)}`);
      const request = { mspId: this.#msp(org), legalName: `${org} (benchmark)`, lei, roles };
      must(
        `admitting ${org}`,
        await this.clients.submit(
          this.#as(CSD, 'Membership', 'admin'),
          'AdmitMember',
          [JSON.stringify(request)],
          [this.#msp(CSD), this.#msp(org)],
        ),
      );
    }
  }

  /** A bond registered, bookbuilt, allocated half to each member's PROPRIETARY account and settled. */
  async #issueBond(): Promise<string> {
    const [csd, bank, securities] = [this.#msp(CSD), this.#msp(BANK), this.#msp(SECURITIES)];
    const terms = benchmarkTerms({
      shortName: 'BENCHMARK 2.5',
      issueSize: ISSUE_SIZE,
      yearsSinceIssue: 0,
      yearsToMaturity: 5,
      payingAgent: bank,
    });
    this.progress('issuing the benchmark bond');
    const submit = async <T>(step: string, org: string, contract: ContractName, fn: FunctionName, args: string[], endorsers: string[]) =>
      must<T>(step, await afterCommit(() => this.clients.submit<T>(this.#as(org, contract), fn, args, endorsers), { retries: 0 }));
    const application = await submit<BondApplication>(
      'ApplyForBond',
      SECURITIES,
      'Bonds',
      'ApplyForBond',
      [JSON.stringify(terms)],
      [csd, securities],
    );
    const nationalCode = `B${Date.now().toString(36).toUpperCase().slice(-8)}`;
    const bond = await submit<Bond>(
      'ApproveBond',
      CSD,
      'Bonds',
      'ApproveBond',
      [JSON.stringify({ applicationId: application.applicationId, nationalCode })],
      [csd, securities],
    );
    const now = Date.now();
    await submit(
      'OpenBook',
      SECURITIES,
      'Books',
      'OpenBook',
      [
        JSON.stringify({
          isin: bond.isin,
          bookType: 'FIXED_PRICE',
          opensAt: new Date(now - 60_000).toISOString(),
          closesAt: new Date(now + 600_000).toISOString(),
        }),
      ],
      [csd, securities],
    );
    const half = (ISSUE_SIZE / 2n).toString();
    for (const [org, endorsers] of [
      [BANK, [csd, bank, securities]],
      [SECURITIES, [csd, securities]],
    ] as const) {
      const contract = this.#as(org, 'Books');
      const bid = { isin: bond.isin, units: half, accountId: 'PROPRIETARY' };
      const started = performance.now();
      try {
        await contract.submit('PlaceBid', { transientData: { bid: JSON.stringify(bid) }, endorsingOrganizations: [...endorsers] });
      } catch (error) {
        throw new Error(`benchmark setup: ${org}'s bid failed after ${Math.round(performance.now() - started)} ms: ${String(error)}`);
      }
    }
    await submit('CloseBook', SECURITIES, 'Books', 'CloseBook', [bond.isin], [csd, securities]);
    const orderBook = must<Bid[]>(
      'GetOrderBook',
      await this.clients.evaluate<Bid[]>(this.#as(SECURITIES, 'Books'), 'GetOrderBook', [bond.isin]),
    );
    await this.#as(SECURITIES, 'Books').submit('AllocateBook', {
      arguments: [JSON.stringify({ isin: bond.isin })],
      transientData: { orderBook: JSON.stringify(orderBook) },
      endorsingOrganizations: [csd, securities],
    });
    // Primary settlement instructs a bounded number of allocation lines per call: two lines here, one call.
    const batch = await submit<PrimarySettlementBatch>(
      'StartPrimarySettlement',
      CSD,
      'Settlement',
      'StartPrimarySettlement',
      [bond.isin],
      [csd, bank],
    );
    for (const instruction of batch.instructions) {
      await submit(
        'ConfirmCash',
        CSD,
        'Settlement',
        'ConfirmCash',
        [bond.isin, instruction.settlementId],
        [csd, this.#msp(instruction.receiver === bank ? BANK : SECURITIES)],
      );
    }
    await submit('CompleteIssuance', CSD, 'Settlement', 'CompleteIssuance', [bond.isin], [csd, bank]);
    this.progress(`issued ${bond.isin}: ${ISSUE_SIZE} units, half each in the bank's and the securities company's PROPRIETARY accounts`);
    return bond.isin;
  }

  /**
   * Moves units from each member's PROPRIETARY account into the given
   * accounts, free of payment. Each member's chain of moves is sequential
   * (every move debits the same holding); the two members' chains run side by side.
   */
  async #seed(isin: string, targets: readonly (readonly [Account, bigint])[]): Promise<void> {
    const byOrg = new Map<string, (readonly [Account, bigint])[]>();
    for (const target of targets) byOrg.set(target[0].org, [...(byOrg.get(target[0].org) ?? []), target]);
    let done = 0;
    await Promise.all(
      [...byOrg.entries()].map(async ([org, list]) => {
        const endorsers = [this.#msp(CSD), this.#msp(org)];
        for (const [account, units] of list) {
          const request = {
            isin,
            fromAccount: 'PROPRIETARY',
            to: account.mspId,
            toAccount: account.accountId,
            units: units.toString(),
            cashAmount: '0',
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          };
          // Each move follows the last one's commit on the same holding: both steps may meet a lagging endorser.
          const instruct = () =>
            this.clients.submit<Transfer>(this.#as(org, 'Custody'), 'InstructTransfer', [JSON.stringify(request)], endorsers);
          const transfer = must<Transfer>(`seeding ${account.accountId}`, await afterCommit(instruct, { retries: 0 }));
          const affirm = () => this.clients.submit(this.#as(org, 'Custody'), 'AffirmTransfer', [transfer.transferId], endorsers);
          must(`affirming the seed of ${account.accountId}`, await afterCommit(affirm, { retries: 0 }));
          done += 1;
          if (done % 10 === 0 || done === targets.length) this.progress(`  seeded ${done}/${targets.length} accounts`);
        }
      }),
    );
  }
}
