/**
 * What the ISO 20022 routes answer from: the builders (the registry's, or
 * fakes in tests), the bond chaincode whose events count, the bond ledger's
 * blocks as each user reads them, and a logger for skipped events.
 */
import type { Logger } from 'pino';
import type { BlockSource } from './chain-events';
import type { MessageBuilders } from './message';
import type { StatementBuilders } from './registry';

export interface Iso20022Service {
  /** The bond chaincode's name: only its events give messages. */
  chaincode: string;
  builders: MessageBuilders;
  /** The registry's statement builders (or fakes in tests). */
  statements: StatementBuilders;
  /** The bond ledger's committed blocks as `user` reads them. */
  blocks(user: string): BlockSource;
  logger: Logger;
}
