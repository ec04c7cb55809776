// The benchmark's baseline chaincode (npm run bench, scenario "baseline"):
// the least a Fabric transaction can do, one key written, so the bond
// chaincode's figures are read against the network's own cost on the same
// channel, endorsement policy and machine. Never part of the product.
// Resolved from the repository's node_modules (fabric-contract-api, fabric-shim).
'use strict';
const { Contract } = require('fabric-contract-api');

class Baseline extends Contract {
  constructor() {
    super('Baseline');
  }

  /** Writes `value` under `key`: one write, no read. */
  async Put(ctx, key, value) {
    await ctx.stub.putState(key, Buffer.from(value, 'utf8'));
  }

  /** The value under `key` (empty if none). */
  async Get(ctx, key) {
    return (await ctx.stub.getState(key)).toString('utf8');
  }
}

module.exports.contracts = [Baseline];
