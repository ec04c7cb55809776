// Names the endorsing organisations of a Caliper request.
//
// Caliper 0.6's peer-gateway connector (the fabric:fabric-gateway binding)
// refuses a request's targetOrganizations and leaves the choice of endorsers
// to the peer's gateway service. The project's own benchmark and REST
// gateways name them (the CSD and the parties), and the number of endorsers is
// a large part of a transaction's cost, so Caliper's figures compare with the
// project's only if Caliper's proposals name the same organisations.
//
// install(connector) wraps the connector's lookup of the contract for each
// request, so that the proposal it builds carries the organisations pinned to
// that request with pin(). Endorsement, submission, the wait for the commit
// and Caliper's timing and statistics stay the connector's own. A request for
// which nothing was pinned fails (visibly, as a failed transaction) rather than
// being endorsed by whatever the gateway would choose.
'use strict';

const LOOKUP = '_getContractForIdentityOnChannelWithChaincodeID';
const pinnings = new WeakMap();

class EndorserPinning {
  constructor() {
    // Keyed by the request's contractArguments array, which the connector
    // hands to newProposal() as the proposal's arguments.
    this.byArguments = new WeakMap();
  }

  /** Wraps `connector` once (it lives for all rounds of a worker); returns its pinning. */
  static install(connector) {
    let pinning = pinnings.get(connector);
    if (pinning) return pinning;
    const lookup = connector[LOOKUP];
    if (typeof lookup !== 'function') {
      throw new Error(`the connector has no ${LOOKUP}(): bench/caliper needs Caliper 0.6's peer-gateway connector (caliper bind --caliper-bind-sut fabric:fabric-gateway)`);
    }
    pinning = new EndorserPinning();
    pinnings.set(connector, pinning);
    connector[LOOKUP] = async function (...args) {
      return pinning.wrap(await lookup.apply(this, args));
    };
    return pinning;
  }

  /** Pins the endorsing organisations (MSP IDs) of `request`; returns the request. */
  pin(request, mspIds) {
    if (!Array.isArray(request.contractArguments)) request.contractArguments = [];
    this.byArguments.set(request.contractArguments, [...new Set(mspIds)]);
    return request;
  }

  /** The contract as the connector uses it, its proposals naming the pinned organisations. */
  wrap(contract) {
    const byArguments = this.byArguments;
    return new Proxy(contract, {
      get(target, property) {
        if (property === 'newProposal') {
          return (name, options = {}) => {
            const endorsingOrganizations = byArguments.get(options.arguments);
            if (!endorsingOrganizations) throw new Error(`no endorsing organisations pinned for ${name}`);
            return target.newProposal(name, { ...options, endorsingOrganizations });
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

module.exports = { EndorserPinning };
