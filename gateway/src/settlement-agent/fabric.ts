/**
 * The settlement agent's Fabric plumbing: the two ledgers of agent.ts over
 * the gateway's own LedgerClient (one gRPC client to the institution's
 * peer, serving both channels), and their chaincode event
 * streams, reconnected after a failure.
 */
import { readFileSync } from 'node:fs';
import type { ChaincodeEvent, CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import type { ContractName, FunctionName, HashLock, Page } from '@bond-platform/chaincode/api';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import { newGrpcClient } from '../fabric/connection';
import { LedgerClient } from '../fabric/ledger-client';
import type { AgentLedgers, BondLedgerPort, CashLedgerPort, CashLockView, EventWatcher } from './agent';

export type AgentMode = AgentLedgers['mode'];

/**
 * Which agent a gateway configuration runs: the payment operator's (its
 * MSP ID is the cash ledger's operator's) or the CSD's (its MSP ID is the
 * bond ledger's authority, and it knows the cash ledger to watch).
 */
export function agentMode(config: GatewayConfig): AgentMode {
  if (config.cashLedger && config.mspId === config.cashLedger.operatorMspId) return 'operator';
  if (config.mspId !== config.csdMspId)
    throw new Error(`the settlement agent runs for the CSD (${config.csdMspId}) or the cash ledger's operator, not for ${config.mspId}`);
  if (!config.cashLedger) throw new Error("the CSD's settlement agent needs cashLedger (the cash channel to watch) in the configuration");
  return 'csd';
}

const HASH_LOCKS: ContractName = 'HashLocks';

/** The bond ledger through `ledger`, signing as `user`; submits endorsed by the CSD and the lock's other party. */
export function bondLedger(ledger: LedgerClient, user: string): BondLedgerPort {
  const csd = ledger.config.csdMspId;
  const endorsers = (party: string) => [...new Set([csd, party])];
  const submit = async (fn: FunctionName, args: string[], endorsingOrganizations: string[]): Promise<string> => {
    const accepted = await ledger.submit({ user, contract: HASH_LOCKS, fn, args, endorsingOrganizations });
    return (await accepted.committed).transactionId;
  };
  return {
    listOpenHashLocks: async (pageSize, bookmark) =>
      (await ledger.evaluate(user, HASH_LOCKS, 'ListOpenHashLocks', [String(pageSize), bookmark])) as Page<HashLock>,
    claimUnits: (lock, preimage) => submit('ClaimUnits', [lock.lockId, preimage], endorsers(lock.beneficiary)),
    refundUnits: (lock) => submit('RefundUnits', [lock.lockId], endorsers(lock.locker)),
  };
}

/**
 * The cash ledger's Htlc contract through `ledger` (a LedgerClient that
 * serves the cash ledger), signing as `user`. Refusals arrive as the
 * gateway's ApiError, whose `code` is the cash chaincode's; the endorsers
 * are the chaincode's policy's (the operator's peer), found by the peer.
 */
export function cashLedger(ledger: LedgerClient, user: string): CashLedgerPort {
  return {
    listLocksByHash: async (hash) => (await ledger.evaluateCash(user, 'Htlc', 'ListLocksByHash', [hash])) as CashLockView[],
    listOpenLocks: async (pageSize, bookmark) =>
      (await ledger.evaluateCash(user, 'Htlc', 'ListOpenLocks', [String(pageSize), bookmark])) as Page<CashLockView>,
    refundCash: async (lock) => {
      const accepted = await ledger.submit({ user, ledger: 'cash', contract: 'Htlc', fn: 'RefundCash', args: [lock.lockId] });
      return (await accepted.committed).transactionId;
    },
  };
}

/**
 * Calls `onEvent` on every chaincode event of `chaincode` on `network`, and
 * on every (re)connection, since events may have been missed while it was
 * away; after a failure it reconnects, waiting 1 s doubling up to 30 s.
 */
export function chaincodeEventWatcher(network: () => Network, chaincode: string, logger: Logger, retryMs = 1000): EventWatcher {
  return (onEvent) => {
    const state: { closed: boolean; current?: CloseableAsyncIterable<ChaincodeEvent> } = { closed: false };
    const isClosed = (): boolean => state.closed;
    void (async () => {
      let delay = retryMs;
      while (!isClosed()) {
        try {
          state.current = await network().getChaincodeEvents(chaincode);
          onEvent();
          for await (const event of state.current) {
            logger.debug({ chaincode, eventName: event.eventName, transactionId: event.transactionId }, 'chaincode event');
            onEvent();
            delay = retryMs;
          }
        } catch (error) {
          if (isClosed()) return;
          logger.warn({ chaincode, err: String(error) }, 'event stream interrupted; reconnecting');
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, 30_000);
        }
      }
    })();
    return () => {
      state.closed = true;
      state.current?.close();
    };
  };
}

export interface AgentConnection {
  mode: AgentMode;
  ledgers: AgentLedgers;
  watchers: EventWatcher[];
  /** Resolves once the peer accepted the connection. */
  ready: (timeoutMs: number) => Promise<void>;
  close: () => void;
}

/** Connects the agent of `config` (settlementAgent set) to its peer: the CSD's to both channels, the operator's to the cash channel. */
export function connectAgent(config: GatewayConfig, logger: Logger): AgentConnection {
  const agent = config.settlementAgent;
  if (!agent) throw new Error('the configuration has no settlementAgent');
  const mode = agentMode(config);
  const client = newGrpcClient({
    endpoint: config.peer.endpoint,
    hostAlias: config.peer.hostAlias,
    tlsRootCert: readFileSync(config.peer.tlsRootCertPath),
  });
  // One client for both ledgers (the operator's configuration serves the cash ledger only).
  const ledger = new LedgerClient(config, client);
  const watchers = [chaincodeEventWatcher(() => ledger.network(agent.user, 'cash'), ledger.target('cash').chaincode, logger)];
  if (mode === 'csd')
    watchers.push(chaincodeEventWatcher(() => ledger.network(agent.user, 'bond'), ledger.target('bond').chaincode, logger));
  const ledgers: AgentLedgers =
    mode === 'csd'
      ? { mode: 'csd', bond: bondLedger(ledger, agent.user), cash: cashLedger(ledger, agent.user) }
      : { mode: 'operator', cash: cashLedger(ledger, agent.user) };
  return {
    mode,
    ledgers,
    watchers,
    ready: (timeoutMs) => ledger.ready(timeoutMs),
    close: () => {
      ledger.close();
    },
  };
}
