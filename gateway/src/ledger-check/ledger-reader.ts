/**
 * Reads what the invariant rules need straight from a peer with
 * fabric-gateway (never through a REST gateway): bonds of every status,
 * their registers of holders page by page with each holding's frozen and pledged units,
 * settlements, pledges, repos and hash locks page by page, payment events with their entitlements page by page, the
 * key history of every holding involved, and blocks through the peer's
 * deliver service. The cash ledger (issue 17) is read from its blocks alone:
 * the cash chaincode's writes of every VALID transaction, replayed into its
 * world state (stateWrites), which an observer such as the CSD, who may not
 * list the participants' accounts, receives like any member.
 */
import type { Contract, Network } from '@hyperledger/fabric-gateway';
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import {
  type Bond,
  BondStatus,
  type ContractName,
  type CouponSchedule,
  type Entitlement,
  type FunctionName,
  type HashLock,
  type Holding,
  type HoldingHistoryEntry,
  type HoldingPosition,
  type Outstanding,
  type PaymentEvent,
  type Pledge,
  type Repo,
  type SettlementInstruction,
} from '@bond-platform/chaincode/api';
import { blockNumberOf, decodeEnvelope, endorsedActions, envelopesOf, isEndorserTransaction } from '../fabric/block-decoding';
import { channelHeight, committedBlocks } from '../fabric/block-reader';
import { transactionsOf } from './blocks';
import type { StateWrite } from './cash-rules';
import {
  type BlockTransaction,
  type BondRecord,
  type EntitlementRecord,
  holdingKeyOf,
  type HoldingVersion,
  type PaymentEventRecord,
  type TransactionLookup,
} from './rules';

interface Page<T> {
  records: T[];
  bookmark: string;
}

const decoder = new TextDecoder();
const PAGE_SIZE = '100';

/** Runs `work` over `items`, at most `limit` at a time, in order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface LedgerSnapshot {
  bonds: BondRecord[];
  events: PaymentEventRecord[];
  entitlements: EntitlementRecord[];
  histories: Map<string, HoldingVersion[]>;
}

export class LedgerReader {
  readonly #contracts = new Map<string, Contract>();

  constructor(
    readonly network: Network,
    readonly chaincode: string,
    readonly concurrency = 8,
    readonly progress: (message: string) => void = () => undefined,
  ) {}

  async #query<T>(contract: ContractName, fn: FunctionName, ...args: string[]): Promise<T> {
    let c = this.#contracts.get(contract);
    if (!c) {
      c = this.network.getContract(this.chaincode, contract);
      this.#contracts.set(contract, c);
    }
    return JSON.parse(decoder.decode(await c.evaluateTransaction(fn, ...args))) as T;
  }

  /** Every record of a paginated query, following bookmarks until the last page. */
  async #all<T>(contract: ContractName, fn: FunctionName, ...args: string[]): Promise<T[]> {
    const records: T[] = [];
    const seen = new Set<string>();
    let bookmark = '';
    for (;;) {
      const page = await this.#query<Page<T>>(contract, fn, ...args, PAGE_SIZE, bookmark);
      records.push(...page.records);
      if (page.records.length === 0 || page.bookmark === '' || seen.has(page.bookmark)) return records;
      seen.add(page.bookmark);
      bookmark = page.bookmark;
    }
  }

  async bonds(): Promise<Bond[]> {
    const byIsin = new Map<string, Bond>();
    for (const status of Object.values(BondStatus)) {
      for (const bond of await this.#all<Bond>('Bonds', 'ListBondsByStatus', status)) byIsin.set(bond.isin, bond);
    }
    return [...byIsin.values()].sort((a, b) => a.isin.localeCompare(b.isin));
  }

  /** One bond's register with frozen and pledged units, its settlements, pledges, repos and hash locks, and the chaincode's outstanding figure. */
  async bondRecord(bond: Bond): Promise<BondRecord> {
    const holdings = await this.#all<Holding>('Custody', 'ListHoldersOfBond', bond.isin);
    const positions = await mapLimit(holdings, this.concurrency, (h) =>
      this.#query<HoldingPosition>('Custody', 'GetHolding', h.isin, h.holder, h.accountId),
    );
    const outstanding = await this.#query<Outstanding>('Custody', 'GetOutstanding', bond.isin);
    const settlements = await this.#all<SettlementInstruction>('Settlement', 'ListSettlements', bond.isin);
    const pledges = await this.#all<Pledge>('Custody', 'ListPledgesOfBond', bond.isin, '');
    const repos = await this.#all<Repo>('Custody', 'ListReposOfBond', bond.isin);
    const hashLocks = await this.#all<HashLock>('HashLocks', 'ListHashLocks', bond.isin);
    return {
      isin: bond.isin,
      status: bond.status,
      maturityDate: bond.terms.maturityDate,
      ...(bond.call ? { callDate: bond.call.callDate } : {}),
      reportedOutstanding: outstanding.outstandingUnits,
      holdings: positions.map((h) => ({
        isin: h.isin,
        holder: h.holder,
        accountId: h.accountId,
        units: h.units,
        frozenUnits: h.frozenUnits,
        pledgedUnits: h.pledgedUnits,
      })),
      settlements: settlements.map((s) => ({ settlementId: s.settlementId, kind: s.kind, status: s.status, units: s.units })),
      pledges: pledges.map((p) => ({
        pledgeId: p.pledgeId,
        isin: p.isin,
        pledgor: p.pledgor,
        accountId: p.accountId,
        pledgee: p.pledgee,
        units: p.units,
        status: p.status,
      })),
      repos: repos.map((r) => ({
        repoId: r.repoId,
        isin: r.isin,
        borrower: r.borrower,
        accountId: r.accountId,
        lender: r.lender,
        units: r.units,
        principal: r.principal,
        repurchaseAmount: r.repurchaseAmount,
        status: r.status,
        ...(r.pledgeId === undefined ? {} : { pledgeId: r.pledgeId }),
      })),
      hashLocks: hashLocks.map((l) => ({
        lockId: l.lockId,
        isin: l.isin,
        locker: l.locker,
        units: l.units,
        hash: l.hash,
        expiresAt: l.expiresAt,
        status: l.status,
        ...(l.preimage === undefined ? {} : { preimage: l.preimage }),
        ...(l.refundedTo === undefined ? {} : { refundedTo: l.refundedTo }),
      })),
    };
  }

  async #events(bond: Bond): Promise<PaymentEventRecord[]> {
    const events = await this.#query<PaymentEvent[]>('Servicing', 'ListPaymentEvents', bond.isin);
    if (events.length === 0) return [];
    const schedule = events.some((e) => e.kind === 'COUPON')
      ? await this.#query<CouponSchedule>('Servicing', 'GetCouponSchedule', bond.isin)
      : undefined;
    return events.map((e) => {
      const accrualEnd = schedule?.coupons.find((c) => c.number === e.couponNumber)?.accrualEnd;
      return {
        isin: e.isin,
        eventId: e.eventId,
        kind: e.kind,
        ...(e.reason ? { reason: e.reason } : {}),
        recordDate: e.recordDate,
        holders: e.holders,
        totalUnits: e.totalUnits,
        ...(accrualEnd ? { accrualEnd } : {}),
        ...(e.fixedThrough ? { fixedThrough: e.fixedThrough } : {}),
      };
    });
  }

  async #history(isin: string, holder: string, accountId: string): Promise<HoldingVersion[]> {
    const entries = await this.#query<HoldingHistoryEntry[]>('Custody', 'GetHoldingHistory', isin, holder, accountId);
    return entries.map((e) => ({
      txId: e.txId,
      timestamp: e.timestamp,
      isDelete: e.isDelete,
      ...(e.holding ? { units: e.holding.units } : {}),
    }));
  }

  /** Everything the bond and entitlement rules need, bond by bond. */
  async snapshot(): Promise<LedgerSnapshot> {
    const bonds = await this.bonds();
    this.progress(`${bonds.length} bonds`);
    const snapshot: LedgerSnapshot = { bonds: [], events: [], entitlements: [], histories: new Map() };
    let done = 0;
    for (const bond of bonds) {
      const record = await this.bondRecord(bond);
      snapshot.bonds.push(record);
      const events = await this.#events(bond);
      snapshot.events.push(...events);
      const wanted = new Map<string, { holder: string; accountId: string }>();
      for (const event of events) {
        const entitlements = await this.#all<Entitlement>('Servicing', 'ListEntitlements', bond.isin, event.eventId);
        snapshot.entitlements.push(
          ...entitlements.map((e) => ({
            isin: e.isin,
            eventId: e.eventId,
            holder: e.holder,
            accountId: e.accountId,
            units: e.units,
            status: e.status,
            ...(e.paid ? { paidTxId: e.paid.txId } : {}),
          })),
        );
        for (const e of entitlements) wanted.set(holdingKeyOf(e), e);
      }
      if (events.length > 0) for (const h of record.holdings) wanted.set(holdingKeyOf(h), h);
      const keys = [...wanted.entries()];
      const histories = await mapLimit(keys, this.concurrency, ([, h]) => this.#history(bond.isin, h.holder, h.accountId));
      keys.forEach(([k], i) => snapshot.histories.set(k, histories[i] ?? []));
      this.progress(`bonds ${++done}/${bonds.length}: ${bond.isin} (${record.holdings.length} holdings, ${events.length} payment events)`);
    }
    return snapshot;
  }

  // --- qscc and deliver -------------------------------------------------------------

  async height(): Promise<number> {
    return Number(await channelHeight(this.network));
  }

  /** What the peer's ledger says of a transaction id: found or not, and its validation code. */
  async lookup(txId: string): Promise<TransactionLookup> {
    let bytes: Uint8Array;
    try {
      bytes = await this.network.getContract('qscc').evaluateTransaction('GetTransactionByID', this.network.getName(), txId);
    } catch (error) {
      if (/no such transaction|not found/i.test(errorText(error))) return { found: false };
      throw error;
    }
    const code = peer.ProcessedTransaction.deserializeBinary(bytes).getValidationcode();
    const name =
      Object.entries(peer.TxValidationCode as unknown as Record<string, number>).find(([, c]) => c === code)?.[0] ?? String(code);
    return { found: true, validationCode: name };
  }

  /**
   * The writes `namespace` (a chaincode) made in the VALID transactions of
   * blocks 0..to, in commit order, through the peer's deliver service:
   * replayed, they are that chaincode's world state at height to + 1.
   */
  async stateWrites(namespace: string, to: number): Promise<StateWrite[]> {
    const writes: StateWrite[] = [];
    let lastReport = 0;
    for await (const block of committedBlocks(this.network, 0n, BigInt(to))) {
      const number = blockNumberOf(block);
      writes.push(...writesOf(block, namespace));
      if (Date.now() - lastReport > 1000 || number >= to) {
        lastReport = Date.now();
        this.progress(`${this.network.getName()} blocks ${number + 1}/${to + 1} (${writes.length} writes of ${namespace})`);
      }
    }
    return writes;
  }

  /** The transactions of blocks from..to (inclusive) through the peer's deliver service. */
  async blockTransactions(from: number, to: number): Promise<BlockTransaction[]> {
    const transactions: BlockTransaction[] = [];
    const total = to - from + 1;
    let lastReport = 0;
    for await (const block of committedBlocks(this.network, BigInt(from), BigInt(to))) {
      const number = blockNumberOf(block);
      transactions.push(...transactionsOf(block));
      if (Date.now() - lastReport > 1000 || number >= to) {
        lastReport = Date.now();
        this.progress(`blocks ${number - from + 1}/${total} (block ${number}, ${transactions.length} transactions)`);
      }
    }
    return transactions;
  }
}

/**
 * The public writes `namespace` made in a block's VALID endorser
 * transactions, in order: what the committing peer applied to its world
 * state. Invalid transactions (an MVCC conflict, a failed endorsement
 * policy) changed nothing, so their write sets are left out.
 */
export function writesOf(block: common.Block, namespace: string): StateWrite[] {
  const writes: StateWrite[] = [];
  for (const envelope of envelopesOf(block)) {
    if (envelope.validationCode !== peer.TxValidationCode.VALID) continue;
    const { payload, channelHeader } = decodeEnvelope(envelope.bytes);
    if (!isEndorserTransaction(channelHeader)) continue;
    for (const { chaincodeAction } of endorsedActions(payload)) {
      for (const ns of ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8()).getNsRwsetList()) {
        if (ns.getNamespace() !== namespace) continue;
        for (const write of ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()).getWritesList()) {
          writes.push(write.getIsDelete() ? { key: write.getKey() } : { key: write.getKey(), value: write.getValue_asU8() });
        }
      }
    }
  }
  return writes;
}

/** The message of an error and of each endorser's answer in it. */
export function errorText(error: unknown): string {
  const parts = [error instanceof Error ? error.message : String(error)];
  for (const d of (error as { details?: { message?: string }[] }).details ?? []) parts.push(d.message ?? '');
  return parts.join(' | ');
}
