/**
 * The message builders the gateway serves: the event builders of every
 * family, combined by chaincode event name, and the statement builders.
 * The families are written in modules of their own, to the contract of
 * message.ts, and combined here, nowhere else.
 */
import type {
  AccountMovement,
  HoldingsStatementInput,
  IsoMessage,
  LedgerEvent,
  MessageBuilders,
  ReferenceData,
  TransactionsStatementInput,
} from './message';
import { CORPORATE_ACTION_BUILDERS } from './corporate-action-messages';
import { INTRA_POSITION_BUILDERS } from './intra-position-messages';
import { SECURITY_CREATION_BUILDERS } from './security-creation';
import { SETTLEMENT_BUILDERS } from './settlement-messages';
import { movementsOf, statementOfHoldings, statementOfTransactions } from './statements';

/** The families' builders in one registry; an event name claimed by two families is a mistake, refused at start. */
export function combineBuilders(...families: MessageBuilders[]): MessageBuilders {
  const combined: Record<string, MessageBuilders[string]> = {};
  for (const family of families) {
    for (const [eventName, builder] of Object.entries(family)) {
      if (Object.hasOwn(combined, eventName)) throw new Error(`two message builders for the event ${eventName}`);
      combined[eventName] = builder;
    }
  }
  return Object.freeze(combined);
}

/** Every event builder, by chaincode event name. */
export const EVENT_BUILDERS: MessageBuilders = combineBuilders(
  SETTLEMENT_BUILDERS, // sese.023, sese.024, sese.025
  INTRA_POSITION_BUILDERS, // semt.013
  SECURITY_CREATION_BUILDERS, // reda.006
  CORPORATE_ACTION_BUILDERS, // seev.031, seev.036
);

/** What the statements are built with (./statements, semt.002 and semt.017). */
export interface StatementBuilders {
  /** semt.002: an account's positions at the end of a date. */
  statementOfHoldings: (input: HoldingsStatementInput, refs: ReferenceData) => IsoMessage;
  /** semt.017: an account's movements over a period. */
  statementOfTransactions: (input: TransactionsStatementInput, refs: ReferenceData) => IsoMessage;
  /**
   * The unit movements of every account one committed event records; `refs`
   * gives the records an event names without their contents (a settlement
   * batch's transfers, a repo default's pledge), loaded for the events read.
   */
  movementsOf: (event: LedgerEvent, refs: ReferenceData) => AccountMovement[];
}

/** The statement builders. */
export const STATEMENT_BUILDERS: StatementBuilders = { statementOfHoldings, statementOfTransactions, movementsOf };
