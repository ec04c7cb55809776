// Caliper workload "transfers": secondary DvP transfers of the product
// chaincode (bond, contract Custody), each three transactions:
//   1. InstructTransfer(requestJson)   by the seller's operator1
//   2. AffirmTransfer(transferId)       by the buyer's operator1
//   3. ConfirmTransferCash(transferId)  by the CSD's operator1
// endorsers planned by the peer's gateway, as the REST gateway and npm run
// bench's direct client leave them: it adds the holders' peers that the
// holdings' state-based policies require. Caliper counts each step as one
// transaction.
//
// The account pairs come from the project's benchmark fixture
// ($BOND_NETWORK_HOME/bench/transfer-fixture.json). Worker w of W owns pairs
// w, w+W, w+2W, ...; each pair carries at most one transaction at a time (a
// pair waits in a free list while none is in flight), so no two in-flight
// transactions touch the same holdings and any MVCC conflict is a defect. A
// pair's transfers alternate direction (seller to buyer, then back, the buyer
// instructing), so its holdings never run out. A transfer whose step failed is
// left as it is and cancelled after the round; so is one the round's end
// caught half-way.
//
// Each call of submitTransaction() sends exactly one transaction: the next
// step of a transfer under way if one is free, else a new instruction. The
// rate controller must leave a pair free: with fixed-load, the round's
// transactionLoad per worker must stay below the worker's number of pairs
// (the workload stops the round if it is asked for more than that).
//
// Round arguments (all optional): contractId (bond), contract (Custody),
// csd (org key in network.json, csd), user (operator1), fixture (path),
// expirySeconds (3600).
'use strict';
const { WorkloadModuleBase, CaliperUtils } = require('@hyperledger/caliper-core');
const { mspIdOf, transferFixture } = require('../lib/test-network');

const logger = CaliperUtils.getLogger('transfers-workload');
const STEPS = ['InstructTransfer', 'AffirmTransfer', 'ConfirmTransferCash'];

class TransfersWorkload extends WorkloadModuleBase {
  async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
    await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
    const args = roundArguments || {};
    this.contractId = args.contractId || 'bond';
    this.contract = args.contract || 'Custody';
    this.user = args.user || 'operator1';
    this.csdMspId = mspIdOf(args.csd || 'csd');
    this.expiryMs = Number(args.expirySeconds || 3600) * 1000;
    this.fixture = transferFixture(args.fixture);
    const pairs = this.fixture.pairs.filter((_, i) => i % totalWorkers === workerIndex);
    if (pairs.length === 0)
      throw new Error(`the fixture has ${this.fixture.pairs.length} account pairs, fewer than the ${totalWorkers} workers`);
    // A lane is a pair and its transfer under way (null: none; the next step is a new instruction).
    this.lanes = pairs.map((pair, index) => ({ index, pair, forward: true, transfer: null, busy: false }));
    this.continuing = []; // free lanes with a transfer under way: served first
    this.fresh = [...this.lanes]; // free lanes without one
    this.waiters = [];
    this.abandoned = [];
    this.tally = {
      settled: 0,
      failed: Object.fromEntries(STEPS.map((s) => [s, 0])),
      waits: 0,
      firstCreate: 0,
      lastSettle: 0,
      sampleTxIds: {},
    };
    logger.info(
      `worker ${workerIndex}: ${this.lanes.length} of the fixture's ${this.fixture.pairs.length} account pairs, bond ${this.fixture.isin}`,
    );
  }

  async submitTransaction() {
    const lane = this.#takeLane() || (await this.#waitForLane());
    if (lane.busy) throw new Error(`pair ${lane.index} taken twice: the free list is broken`);
    lane.busy = true;
    try {
      await this.#step(lane);
    } finally {
      lane.busy = false;
      this.#release(lane);
    }
  }

  async cleanupWorkloadModule() {
    // No transaction is in flight now: cancel what the round left unsettled (not counted by Caliper).
    const open = [...this.abandoned, ...this.lanes.filter((l) => l.transfer).map((l) => l.transfer)];
    let cancelled = 0;
    for (const transfer of open) {
      const status = await this.#send('CancelTransfer', [transfer.transferId], transfer.from);
      if (status.GetStatus() === 'success') cancelled += 1;
    }
    const t = this.tally;
    const seconds = t.lastSettle > t.firstCreate ? (t.lastSettle - t.firstCreate) / 1000 : 0;
    const rate = seconds > 0 ? (t.settled / seconds).toFixed(2) : '0';
    logger.info(
      `worker ${this.workerIndex}: ${t.settled} transfers settled in ${seconds.toFixed(1)} s (${rate}/s); failed steps ${JSON.stringify(t.failed)}; ` +
        `waited for a free pair ${t.waits} times; ${cancelled} of ${open.length} unsettled transfers cancelled; sample transactions ${JSON.stringify(t.sampleTxIds)}`,
    );
  }

  #takeLane() {
    return this.continuing.shift() || this.fresh.shift();
  }

  #waitForLane() {
    // Every lane is busy. Under fixed-load this happens only when the load reaches the number of pairs;
    // waiting callers pile up then, one per loop of the rate controller, so stop the round instead.
    if (this.waiters.length >= this.lanes.length) {
      throw new Error(
        `asked for more transactions than this worker's ${this.lanes.length} account pairs carry: keep transactionLoad per worker below the pairs per worker`,
      );
    }
    this.tally.waits += 1;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  #release(lane) {
    const waiter = this.waiters.shift();
    if (waiter) waiter(lane);
    else (lane.transfer ? this.continuing : this.fresh).push(lane);
  }

  /** Sends the lane's next step and moves the lane on by its outcome. */
  async #step(lane) {
    const [seller, buyer] = lane.forward ? [lane.pair.seller, lane.pair.buyer] : [lane.pair.buyer, lane.pair.seller];
    const transfer = lane.transfer;
    let fn;
    let args;
    let invoker;
    if (!transfer) {
      fn = 'InstructTransfer';
      invoker = seller.mspId;
      args = [
        JSON.stringify({
          isin: this.fixture.isin,
          fromAccount: seller.accountId,
          to: buyer.mspId,
          toAccount: buyer.accountId,
          units: String(this.fixture.units),
          cashAmount: String(this.fixture.cashAmount),
          expiresAt: new Date(Date.now() + this.expiryMs).toISOString(),
        }),
      ];
    } else {
      fn = transfer.status === 'INSTRUCTED' ? 'AffirmTransfer' : 'ConfirmTransferCash';
      invoker = fn === 'AffirmTransfer' ? buyer.mspId : this.csdMspId;
      args = [transfer.transferId];
    }
    const status = await this.#send(fn, args, invoker);
    if (!this.tally.firstCreate) this.tally.firstCreate = status.GetTimeCreate();
    const answer = status.GetStatus() === 'success' ? parseTransfer(status.GetResult()) : undefined;
    if (!answer) {
      this.tally.failed[fn] += 1;
      if (transfer) this.abandoned.push(transfer);
      lane.transfer = null; // the holdings did not move: instruct again in the same direction
      return;
    }
    this.tally.sampleTxIds[fn] = this.tally.sampleTxIds[fn] || status.GetID();
    if (answer.status === 'SETTLED') {
      this.tally.settled += 1;
      this.tally.lastSettle = status.GetTimeFinal();
      lane.transfer = null;
      lane.forward = !lane.forward;
    } else {
      lane.transfer = answer;
    }
  }

  /** One transaction of the bond chaincode; the peer's gateway plans its endorsement. */
  #send(fn, args, invokerMspId) {
    const request = {
      contractId: this.contractId,
      contractFunction: `${this.contract}:${fn}`,
      contractArguments: args,
      invokerMspId,
      invokerIdentity: this.user,
      readOnly: false,
    };
    return this.sutAdapter.sendRequests(request);
  }
}

/** The Transfer a committed step returned, or undefined if the answer is not one. */
function parseTransfer(result) {
  try {
    const transfer = JSON.parse(Buffer.from(result).toString('utf8'));
    if (transfer && typeof transfer.transferId === 'string' && typeof transfer.status === 'string') return transfer;
  } catch {
    // fall through
  }
  logger.error(
    `a committed transfer step answered something that is not a transfer: ${Buffer.from(result || '')
      .toString('utf8')
      .slice(0, 200)}`,
  );
  return undefined;
}

module.exports.createWorkloadModule = () => new TransfersWorkload();
