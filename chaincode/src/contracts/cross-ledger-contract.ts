/**
 * The cash ledger the bond ledger accepts proofs from (issue 17, proof
 * instead of trust): the CSD's admins register its channel, chaincode,
 * organisations' CA certificates and the endorsement policy a proof must
 * meet; every member reads the registration. HashLocks:AttachCashLock and
 * Settlement:ConfirmCashByProof verify proofs against it
 * (domain/cash-lock-proof.ts).
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { CrossLedgerEvent } from '../api';
import { canonicalJson } from '../domain/canonical-json';
import { parseCashLedgerRegistration } from '../domain/cash-lock-proof';
import { parseJsonObject } from '../domain/validation';
import { cashLedgerKey, requireCashLedger } from '../ledger/cash-ledger-store';
import { BondContext } from '../ledger/context';
import { GuardedContract } from '../ledger/guarded-contract';
import { changeStamp, recordAndAnnounce } from '../ledger/state';

@Info({ title: 'CrossLedger', description: 'The cash ledger whose signed cash-lock attestations the bond ledger accepts as proof' })
export class CrossLedgerContract extends GuardedContract {
  constructor() {
    super('CrossLedger');
  }

  /**
   * Registers, or replaces, the cash ledger (CashLedgerRegistrationRequest:
   * channel, chaincode, organisations with their CAs' PEM certificates,
   * endorsementPolicy, maxProofAgeSeconds). Returns the registration.
   */
  @Transaction()
  @Returns('string')
  async RegisterCashLedger(ctx: BondContext, requestJson: string): Promise<string> {
    const registration = parseCashLedgerRegistration(parseJsonObject(requestJson, 'request'), changeStamp(ctx));
    return recordAndAnnounce(ctx.stub, cashLedgerKey(ctx), registration, CrossLedgerEvent.CASH_LEDGER_REGISTERED);
  }

  /** The registered cash ledger; NOT_FOUND before the CSD registers one. */
  @Transaction(false)
  @Returns('string')
  async GetCashLedger(ctx: BondContext): Promise<string> {
    return canonicalJson(await requireCashLedger(ctx));
  }
}
