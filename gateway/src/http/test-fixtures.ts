/** The REST operations and their inputs, for the route tables' unit tests. */
import { type Operation, type OperationInput, OPERATIONS } from './operations';

/** The operation with `operationId`; throws if there is none. */
export function operation(operationId: string): Operation {
  const op = OPERATIONS.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId}`);
  return op;
}

/** A request of `mspId`'s with these path parameters and body, and no query. */
export function input(mspId: string, params: Record<string, string>, body: Record<string, unknown> = {}): OperationInput {
  return { mspId, params, query: {}, body };
}
