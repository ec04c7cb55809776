/** Default: the CSD declares it when a payment is overdue (domain/bond-default.ts). */
import { type PaymentEvent, ServicingEvent } from '../../api';
import { defaultGrounds } from '../../domain/bond-default';
import { canonicalJson } from '../../domain/canonical-json';
import { dateOf } from '../../domain/dates';
import { requireText } from '../../domain/validation';
import { advanceBond, requireBond } from '../../ledger/bonds-store';
import type { BondContext } from '../../ledger/context';
import { KeyType } from '../../ledger/keys';
import { emitEvent, recordsUnder } from '../../ledger/state';

/** The CSD declares a default when a payment event is not complete after its payment date. */
export async function declareDefault(ctx: BondContext, isin: string, reason: string): Promise<string> {
  const bond = await requireBond(ctx, isin);
  const events = (await recordsUnder<PaymentEvent>(ctx.stub, KeyType.PAYMENT_EVENT, [isin])).map((r) => r.value);
  const overdue = defaultGrounds(bond, events, dateOf(ctx.stub.getDateTimestamp()));
  const defaulted = await advanceBond(ctx, bond, 'DEFAULTED');
  const payload = { isin, reason: requireText(reason, 'reason', 500), overdue, bond: defaulted };
  emitEvent(ctx.stub, ServicingEvent.BOND_DEFAULTED, payload);
  return canonicalJson(defaulted);
}
