import { parseIdentityRoles } from '@bond-platform/chaincode-common';
import { ErrorCode, type Member, MemberStatus, Role } from '../api';
import { type AccessRule, assertMayRead, authorize, type CallerFacts } from './access';
import { accessRuleFor, CSD_ADMIN_RULE } from './access-policy';

const stamp = { mspId: 'CSDMSP', identity: 'x509::/CN=admin', timestamp: '2026-01-05T09:00:00.000Z', txId: 't0' };

function member(mspId: string, roles: Role[], status: MemberStatus = MemberStatus.ACTIVE): Member {
  return { mspId, legalName: mspId, lei: '5493001KJTIIGC8Y1R12', roles, status, admitted: stamp, lastChange: stamp };
}

function caller(mspId: string, m: Member | undefined, identityRoles: string[] = []): CallerFacts {
  return { mspId, identityRoles, member: m, csdMspId: 'CSDMSP' };
}

const INVEST: AccessRule = { kind: 'write', roles: [Role.INVESTOR], identityRole: 'operator' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('authorize', () => {
  const csd = member('CSDMSP', [Role.CSD]);
  const bank = member('BankMSP', [Role.INVESTOR, Role.PAYING_AGENT]);

  it('lets a CSD identity with bond.role=admin administer membership', () => {
    expect(authorize(CSD_ADMIN_RULE, caller('CSDMSP', csd, ['admin'])).mspId).toBe('CSDMSP');
  });

  it('refuses a CSD user without the admin attribute: ADMIN_REQUIRED', () => {
    expect(codeOf(() => authorize(CSD_ADMIN_RULE, caller('CSDMSP', csd, ['operator'])))).toBe(ErrorCode.ADMIN_REQUIRED);
  });

  it("refuses a member's own admin trying to administer membership: ADMIN_REQUIRED", () => {
    expect(codeOf(() => authorize(CSD_ADMIN_RULE, caller('BankMSP', bank, ['admin'])))).toBe(ErrorCode.ADMIN_REQUIRED);
  });

  it('refuses everything but bootstrap before initialisation: NOT_INITIALIZED', () => {
    const facts = { ...caller('CSDMSP', undefined, ['admin']), csdMspId: undefined };
    expect(codeOf(() => authorize(CSD_ADMIN_RULE, facts))).toBe(ErrorCode.NOT_INITIALIZED);
    expect(codeOf(() => authorize({ kind: 'read' }, facts))).toBe(ErrorCode.NOT_INITIALIZED);
    expect(authorize({ kind: 'bootstrap' }, facts).mspId).toBe('CSDMSP');
  });

  it('refuses an unknown MSP anything: NOT_A_MEMBER', () => {
    expect(codeOf(() => authorize({ kind: 'read' }, caller('StrangerMSP', undefined)))).toBe(ErrorCode.NOT_A_MEMBER);
    expect(codeOf(() => authorize(INVEST, caller('StrangerMSP', undefined, ['operator'])))).toBe(ErrorCode.NOT_A_MEMBER);
  });

  it('refuses a revoked member even reads: MEMBER_REVOKED', () => {
    const revoked = member('BankMSP', [Role.INVESTOR], MemberStatus.REVOKED);
    expect(codeOf(() => authorize({ kind: 'read' }, caller('BankMSP', revoked)))).toBe(ErrorCode.MEMBER_REVOKED);
  });

  it('lets a suspended member read its own data only, and write nothing: MEMBER_SUSPENDED', () => {
    const suspended = { ...member('BankMSP', [Role.INVESTOR], MemberStatus.SUSPENDED), statusReason: 'audit' };
    const auth = authorize({ kind: 'read' }, caller('BankMSP', suspended));
    expect(auth.readScope).toBe('own');
    expect(() => {
      assertMayRead(auth, 'BankMSP');
    }).not.toThrow();
    expect(
      codeOf(() => {
        assertMayRead(auth, 'CSDMSP');
      }),
    ).toBe(ErrorCode.ACCESS_DENIED);
    expect(codeOf(() => authorize(INVEST, caller('BankMSP', suspended, ['operator'])))).toBe(ErrorCode.MEMBER_SUSPENDED);
  });

  it('lets the regulator read everything and write nothing: READ_ONLY_MEMBER', () => {
    const regulator = member('RegulatorMSP', [Role.REGULATOR]);
    const auth = authorize({ kind: 'read' }, caller('RegulatorMSP', regulator));
    expect(auth.readScope).toBe('all');
    expect(() => {
      assertMayRead(auth, 'BankMSP');
    }).not.toThrow();
    const anyRole: AccessRule = { kind: 'write', roles: [Role.REGULATOR, Role.INVESTOR] };
    expect(codeOf(() => authorize(anyRole, caller('RegulatorMSP', regulator, ['operator'])))).toBe(ErrorCode.READ_ONLY_MEMBER);
  });

  it('refuses a member without the role: ROLE_REQUIRED', () => {
    const issuer = member('SecuritiesMSP', [Role.ISSUER]);
    expect(codeOf(() => authorize(INVEST, caller('SecuritiesMSP', issuer, ['operator'])))).toBe(ErrorCode.ROLE_REQUIRED);
  });

  it('refuses an identity without the operator attribute: ATTRIBUTE_REQUIRED', () => {
    expect(codeOf(() => authorize(INVEST, caller('BankMSP', bank, [])))).toBe(ErrorCode.ATTRIBUTE_REQUIRED);
    expect(codeOf(() => authorize(INVEST, caller('BankMSP', bank, ['admin'])))).toBe(ErrorCode.ATTRIBUTE_REQUIRED);
  });

  it('admits an active member with the role and attribute', () => {
    expect(authorize(INVEST, caller('BankMSP', bank, ['admin', 'operator'])).readScope).toBe('all');
  });
});

describe('access policy table', () => {
  it('denies by default: an unlisted function has no rule', () => {
    expect(accessRuleFor('Membership:Backdoor')).toBeUndefined();
    expect(accessRuleFor('Membership:toString')).toBeUndefined();
  });

  it('reserves every membership change to the CSD admin', () => {
    for (const fn of ['AdmitMember', 'ChangeRoles', 'SuspendMember', 'ReinstateMember', 'RevokeMember']) {
      expect(accessRuleFor(`Membership:${fn}`)).toEqual(CSD_ADMIN_RULE);
    }
  });

  it("reserves confirming cash legs, one transfer's or a batch's, to CSD operators; reading transfers to any member", () => {
    const csdOperator: AccessRule = { kind: 'write', roles: [Role.CSD], identityRole: 'operator' };
    expect(accessRuleFor('Custody:ConfirmTransferCash')).toEqual(csdOperator);
    expect(accessRuleFor('Custody:ConfirmTransferCashBatch')).toEqual(csdOperator);
    expect(accessRuleFor('Custody:GetTransfers')).toEqual(accessRuleFor('Custody:GetTransfer'));
    expect(accessRuleFor('Custody:GetTransfers')).toEqual({ kind: 'read' });
  });

  it("reserves registering the cash ledger to the CSD admin; a proven cash leg is the parties' or the CSD's operators' to present", () => {
    expect(accessRuleFor('CrossLedger:RegisterCashLedger')).toEqual(CSD_ADMIN_RULE);
    expect(accessRuleFor('CrossLedger:GetCashLedger')).toEqual({ kind: 'read' });
    const partiesOrCsd: AccessRule = {
      kind: 'write',
      roles: [Role.CSD, Role.INVESTOR, Role.UNDERWRITER, Role.CUSTODIAN, Role.ISSUER],
      identityRole: 'operator',
    };
    expect(accessRuleFor('HashLocks:AttachCashLock')).toEqual(partiesOrCsd);
    expect(accessRuleFor('Settlement:ConfirmCashByProof')).toEqual(partiesOrCsd);
    // The trusted confirmation stays the CSD's alone.
    expect(accessRuleFor('Settlement:ConfirmCash')).toEqual({ kind: 'write', roles: [Role.CSD], identityRole: 'operator' });
    // A payment proven on the cash ledger: the paying agent's, a holder's or the CSD's operators; the trusted confirmation stays the paying agent's.
    expect(accessRuleFor('Servicing:ConfirmPaymentByProof')).toEqual({
      kind: 'write',
      roles: [Role.CSD, Role.PAYING_AGENT, Role.INVESTOR, Role.UNDERWRITER, Role.CUSTODIAN, Role.ISSUER],
      identityRole: 'operator',
    });
    expect(accessRuleFor('Servicing:ConfirmPayment')).toEqual({ kind: 'write', roles: [Role.PAYING_AGENT], identityRole: 'operator' });
  });
});

describe('publishing fixings: the CSD or a benchmark administrator', () => {
  const publish = accessRuleFor('Benchmarks:PublishFixing') as AccessRule;
  const administrator = member('SecuritiesMSP', [Role.BENCHMARK_ADMINISTRATOR, Role.ISSUER]);

  it("lets a benchmark administrator's operator publish", () => {
    expect(authorize(publish, caller('SecuritiesMSP', administrator, ['operator'])).mspId).toBe('SecuritiesMSP');
  });

  it("still lets the CSD's operators publish", () => {
    expect(authorize(publish, caller('CSDMSP', member('CSDMSP', [Role.CSD]), ['operator'])).mspId).toBe('CSDMSP');
  });

  it('refuses a member without the role: ROLE_REQUIRED, naming the roles that may', () => {
    const bank = member('BankMSP', [Role.CUSTODIAN, Role.INVESTOR, Role.PAYING_AGENT]);
    expect(() => authorize(publish, caller('BankMSP', bank, ['operator']))).toThrow(
      /^ROLE_REQUIRED: BankMSP needs one of the roles CSD, BENCHMARK_ADMINISTRATOR/,
    );
  });

  it('refuses a suspended administrator: MEMBER_SUSPENDED', () => {
    const suspended = { ...administrator, status: MemberStatus.SUSPENDED };
    expect(codeOf(() => authorize(publish, caller('SecuritiesMSP', suspended, ['operator'])))).toBe(ErrorCode.MEMBER_SUSPENDED);
  });

  it("refuses an administrator's identity without bond.role=operator: ATTRIBUTE_REQUIRED", () => {
    expect(codeOf(() => authorize(publish, caller('SecuritiesMSP', administrator, ['admin'])))).toBe(ErrorCode.ATTRIBUTE_REQUIRED);
  });

  it('lets an administrator holding no other role keep its contact', () => {
    const only = member('IndexMSP', [Role.BENCHMARK_ADMINISTRATOR]);
    expect(authorize(accessRuleFor('Membership:UpdateContact') as AccessRule, caller('IndexMSP', only, ['operator'])).mspId).toBe(
      'IndexMSP',
    );
  });
});

describe('parseIdentityRoles', () => {
  it('splits the comma-separated bond.role attribute', () => {
    expect(parseIdentityRoles(' admin, operator ,')).toEqual(['admin', 'operator']);
    expect(parseIdentityRoles(null)).toEqual([]);
  });
});
