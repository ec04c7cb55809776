// Caliper workload "baseline": the least a Fabric transaction can do on this
// network. Each transaction writes one new key through the benchmark
// chaincode (bench/chaincode, contract Baseline, Put(key, value)), submitted
// by the bank's operator; the bank's peer plans the endorsement (its own and
// the CSD's, as the chaincode policy AND(CSD, OR(members)) needs), as in the
// project's own benchmark.
//
// Round arguments (all optional): contractId (benchmark), contractFunction
// (Baseline:Put), invoker (org key in network.json, bank), user (operator1),
// value (x).
'use strict';
const { WorkloadModuleBase, CaliperUtils } = require('@hyperledger/caliper-core');
const { mspIdOf, runId } = require('../lib/test-network');

const logger = CaliperUtils.getLogger('baseline-workload');

class BaselineWorkload extends WorkloadModuleBase {
  async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
    await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
    const args = roundArguments || {};
    this.contractId = args.contractId || 'benchmark';
    this.contractFunction = args.contractFunction || 'Baseline:Put';
    this.invokerMspId = mspIdOf(args.invoker || 'bank');
    this.invokerIdentity = args.user || 'operator1';
    this.value = String(args.value ?? 'x');
    this.runId = runId();
    this.txIndex = 0;
    this.sampleTxId = undefined;
  }

  async submitTransaction() {
    this.txIndex += 1;
    // Distinct keys: no two transactions read or write the same key, so no MVCC conflict can arise.
    const key = `caliper-${this.workerIndex}-${this.txIndex}-${this.runId}`;
    const request = {
      contractId: this.contractId,
      contractFunction: this.contractFunction,
      contractArguments: [key, this.value],
      invokerMspId: this.invokerMspId,
      invokerIdentity: this.invokerIdentity,
      readOnly: false,
    };
    const status = await this.sutAdapter.sendRequests(request);
    if (!this.sampleTxId && status.GetStatus() === 'success') this.sampleTxId = status.GetID();
  }

  async cleanupWorkloadModule() {
    // A committed transaction to look up on the ledger (its endorsers, for one).
    logger.info(`worker ${this.workerIndex}: ${this.txIndex} keys sent, run ${this.runId}; sample transaction ${this.sampleTxId}`);
  }
}

module.exports.createWorkloadModule = () => new BaselineWorkload();
