/**
 * The cross-ledger proof routes (issue 17, proof instead of trust): what
 * each sends to the chaincode and which organisations endorse. Registering
 * the cash ledger is for the CSD's admin users; a proof travels as one
 * argument, checked against the API's shape (base64) before it is sent.
 */
import type { SettlementInstruction } from '@bond-platform/chaincode/api';
import type { PreparationContext } from './operations';
import { ROUTES } from './routes';
import { input, operation } from './test-fixtures';

const PROOF = 'Q0FTSA==';

describe('cross-ledger routes', () => {
  it('PUT /cash-ledger registers the cash ledger (admin users) and GET /cash-ledger reads it', () => {
    const put = operation('registerCashLedger');
    expect([put.method, put.path, put.contract, put.fn, put.submit, put.adminOnly]).toEqual([
      'put',
      '/cash-ledger',
      'CrossLedger',
      'RegisterCashLedger',
      true,
      true,
    ]);
    const body = { channel: 'cash', chaincode: 'cash', organisations: [{ mspId: 'PaymentMSP', rootCertificates: ['PEM'] }] };
    expect(JSON.parse(put.args(input('CSDMSP', {}, body))[0]!)).toEqual(body);
    const get = operation('getCashLedger');
    expect([get.method, get.path, get.fn, get.submit, get.args(input('BankMSP', {}))]).toEqual([
      'get',
      '/cash-ledger',
      'GetCashLedger',
      false,
      [],
    ]);
    expect(get.result).toEqual({ type: 'CashLedgerRegistration', as: 'one' });
  });

  it("POST /hash-locks/{lockId}/cash-lock sends the lock id and the proof; the CSD's and the caller's peers endorse", async () => {
    const op = operation('attachCashLock');
    expect([op.method, op.path, op.contract, op.fn, op.submit]).toEqual([
      'post',
      '/hash-locks/{lockId}/cash-lock',
      'HashLocks',
      'AttachCashLock',
      true,
    ]);
    const call = input('SecuritiesMSP', { lockId: 'tx1' }, { proof: PROOF });
    expect(op.args(call)).toEqual(['tx1', PROOF]);
    const ctx: PreparationContext = { csdMspId: 'CSDMSP', evaluate: () => Promise.reject(new Error('no read needed')) };
    expect(await op.endorsers?.(call, ctx)).toEqual(['CSDMSP', 'SecuritiesMSP']);
  });

  it("POST /bonds/{isin}/settlements/{settlementId}/cash-proof sends the proof; the CSD's and the investor's peers endorse (its holding is credited)", async () => {
    const op = operation('confirmCashByProof');
    expect([op.path, op.contract, op.fn, op.submit]).toEqual([
      '/bonds/{isin}/settlements/{settlementId}/cash-proof',
      'Settlement',
      'ConfirmCashByProof',
      true,
    ]);
    const call = input('SecuritiesMSP', { isin: 'CN123', settlementId: 'P-BankMSP-PROP' }, { proof: PROOF });
    expect(op.args(call)).toEqual(['CN123', 'P-BankMSP-PROP', PROOF]);
    const evaluated: string[][] = [];
    const ctx: PreparationContext = {
      csdMspId: 'CSDMSP',
      evaluate: <T>(contract: string, fn: string, args: string[]) => {
        evaluated.push([contract, fn, ...args]);
        return Promise.resolve({ receiver: 'BankMSP' } as SettlementInstruction as T);
      },
    };
    expect(await op.endorsers?.(call, ctx)).toEqual(['CSDMSP', 'BankMSP']);
    expect(evaluated).toEqual([['Settlement', 'GetSettlement', 'CN123', 'P-BankMSP-PROP']]);
  });

  it("POST /bonds/{isin}/payment-events/{eventId}/payments/by-proof sends the entitlement and the proof; the CSD's, the caller's and the holder's peers endorse, as confirmPayment's", async () => {
    const op = operation('confirmPaymentByProof');
    expect([op.method, op.path, op.contract, op.fn, op.submit]).toEqual([
      'post',
      '/bonds/{isin}/payment-events/{eventId}/payments/by-proof',
      'Servicing',
      'ConfirmPaymentByProof',
      true,
    ]);
    expect(op.result).toEqual({ type: 'Entitlement', as: 'one' });
    const body = { holder: 'FundMSP', accountId: 'PROP', proof: PROOF };
    const call = input('FundMSP', { isin: 'CN123', eventId: 'C-001' }, body);
    expect(op.args(call)).toEqual(['CN123', 'C-001', 'FundMSP', 'PROP', PROOF]);
    const ctx: PreparationContext = { csdMspId: 'CSDMSP', evaluate: () => Promise.reject(new Error('no read needed')) };
    expect(await op.endorsers?.(call, ctx)).toEqual(['CSDMSP', 'FundMSP']);
    const byAgent = input('BankMSP', { isin: 'CN123', eventId: 'R-MATURITY' }, body);
    expect(await op.endorsers?.(byAgent, ctx)).toEqual(await operation('confirmPayment').endorsers?.(byAgent, ctx));
    expect(await op.endorsers?.(byAgent, ctx)).toEqual(['CSDMSP', 'BankMSP', 'FundMSP']);
    const schema = op.body as { required: string[]; properties: Record<string, unknown> };
    expect([...schema.required].sort()).toEqual(['accountId', 'holder', 'proof']);
    expect(schema.properties.proof).toEqual((operation('confirmCashByProof').body as typeof schema).properties.proof);
  });

  it('takes a proof only as base64 of at most 16384 characters', () => {
    const proof = (operation('attachCashLock').body as { properties: Record<string, { pattern: string; maxLength: number }> }).properties
      .proof!;
    expect(new RegExp(proof.pattern).test(PROOF)).toBe(true);
    expect(new RegExp(proof.pattern).test('not base64!')).toBe(false);
    expect(proof.maxLength).toBe(16384);
    expect(ROUTES.filter((r) => r.path === '/cash-ledger').map((r) => r.method)).toEqual(['put', 'get']);
  });
});
