/** Announcing a balance-changing transaction: its one event, named by its kind, carries its full change set. */
import { type CashMovement, MOVEMENT_EVENTS } from '../api/cash';
import { canonicalJson } from '../domain/canonical-json';
import type { CashContext } from './context';
import { emitEvent } from './state';

/** Emits the movement as the transaction's event and returns it as the function's canonical JSON result. */
export function announceMovement(ctx: CashContext, movement: CashMovement): string {
  emitEvent(ctx.stub, MOVEMENT_EVENTS[movement.kind], movement);
  return canonicalJson(movement);
}
