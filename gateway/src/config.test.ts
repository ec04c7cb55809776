import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, parseConfig, servedLedgers } from './config';

/** The smallest configuration a gateway starts with. */
function minimal(): Record<string, unknown> {
  return {
    organization: 'bank',
    mspId: 'BankMSP',
    csdMspId: 'CSDMSP',
    listen: { port: 8443 },
    peer: { endpoint: 'peer0.bank:7051', tlsRootCertPath: '/tls/ca.pem' },
    channel: 'bonds',
    chaincode: 'bond',
    users: {
      admin: { role: 'admin', certPath: '/u/admin/cert.pem', keyPath: '/u/admin/key.pem' },
      operator1: { role: 'operator', certPath: '/u/op/cert.pem', keyPath: '/u/op/key.pem' },
    },
    apiKeysFile: '/state/api-keys.json',
    stateDir: '/state',
  };
}

const identities = () => ({
  ca: {
    url: 'https://ca.bank:7054',
    caName: 'ca-bank',
    tlsRootCertPath: '/ca/tls.pem',
    registrar: { certPath: '/ca/r.pem', keyPath: '/ca/r.key' },
  },
  orderer: { endpoint: 'orderer0:7050', tlsRootCertPath: '/o/tls.pem' },
  channelAdmin: 'admin',
});

describe('gateway configuration', () => {
  it('fills every optional setting with its documented default', () => {
    const config = parseConfig(minimal());
    expect(config).toMatchObject({
      listen: { host: '127.0.0.1', port: 8443 },
      rateLimitPerMinute: 600,
      unauthenticatedPerMinute: 60,
      idempotencyRetentionHours: 24,
      bodyLimit: '256kb',
      bidBodyLimit: '1mb',
      responseValidation: 'enforce',
    });
    expect(config.scheduler).toBeUndefined();
    expect(config.identities).toBeUndefined();
  });

  it('keeps the settings given', () => {
    const config = parseConfig({
      ...minimal(),
      listen: { host: '0.0.0.0', port: 9000 },
      rateLimitPerMinute: 6000,
      unauthenticatedPerMinute: 5,
      idempotencyRetentionHours: 0.5,
      bodyLimit: '2mb',
      responseValidation: 'log',
      scheduler: { user: 'operator1', intervalSeconds: 0 },
      identities: identities(),
    });
    expect(config).toMatchObject({
      listen: { host: '0.0.0.0', port: 9000 },
      rateLimitPerMinute: 6000,
      unauthenticatedPerMinute: 5,
      idempotencyRetentionHours: 0.5,
      bodyLimit: '2mb',
      responseValidation: 'log',
    });
    expect(config.scheduler).toEqual({ user: 'operator1', intervalSeconds: 0 });
    expect(config.identities?.channelAdmin).toBe('admin');
    expect(config.identities?.ca.registrar).toEqual({ certPath: '/ca/r.pem', keyPath: '/ca/r.key' });
  });

  it.each(['organization', 'mspId', 'csdMspId', 'listen', 'peer', 'channel', 'chaincode', 'users', 'apiKeysFile', 'stateDir'])(
    'names the missing setting %s',
    (name) => {
      const raw = Object.fromEntries(Object.entries(minimal()).filter(([key]) => key !== name));
      expect(() => parseConfig(raw)).toThrow(`gateway configuration: ${name} is required`);
    },
  );

  it('refuses an empty string as a value', () => {
    expect(() => parseConfig({ ...minimal(), channel: '' })).toThrow('gateway configuration: channel is required');
    expect(() => parseConfig({ ...minimal(), peer: { endpoint: 'p:7051', tlsRootCertPath: '' } })).toThrow(
      'peer.tlsRootCertPath is required',
    );
  });

  it("checks each user's role and credential files", () => {
    const users = (user: Record<string, unknown>) => ({ ...minimal(), users: { x: user } });
    expect(() => parseConfig(users({ role: 'root', certPath: 'c', keyPath: 'k' }))).toThrow(
      'users.x.role must be admin, operator or viewer',
    );
    expect(() => parseConfig(users({ role: 'viewer', keyPath: 'k' }))).toThrow('users.x.certPath is required');
    expect(() => parseConfig(users({ role: 'viewer', certPath: 'c' }))).toThrow('users.x.keyPath is required');
  });

  it.each([0, -1, 1.5, 70000.5, '8443'])('refuses the port %p', (port) => {
    expect(() => parseConfig({ ...minimal(), listen: { port } })).toThrow('listen.port must be a port number');
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, '60'])('refuses %p as a positive limit', (value) => {
    expect(() => parseConfig({ ...minimal(), unauthenticatedPerMinute: value })).toThrow(
      'unauthenticatedPerMinute must be a positive number',
    );
    expect(() => parseConfig({ ...minimal(), idempotencyRetentionHours: value })).toThrow(
      'idempotencyRetentionHours must be a positive number',
    );
  });

  it('runs the scheduler as a configured user, every 300 s unless told, never at a negative or fractional interval', () => {
    expect(parseConfig({ ...minimal(), scheduler: { user: 'operator1' } }).scheduler).toEqual({ user: 'operator1', intervalSeconds: 300 });
    expect(() => parseConfig({ ...minimal(), scheduler: { user: 'nobody' } })).toThrow(
      'scheduler.user must be one of the configured users',
    );
    expect(() => parseConfig({ ...minimal(), scheduler: {} })).toThrow('scheduler.user must be one of the configured users');
    expect(() => parseConfig({ ...minimal(), scheduler: { user: 'operator1', intervalSeconds: -1 } })).toThrow(
      'scheduler.intervalSeconds must be a whole number ≥ 0',
    );
    expect(() => parseConfig({ ...minimal(), scheduler: { user: 'operator1', intervalSeconds: 1.5 } })).toThrow(
      'scheduler.intervalSeconds must be a whole number ≥ 0',
    );
  });

  it('needs the CA, an orderer and a configured admin as channel admin for user management', () => {
    expect(() => parseConfig({ ...minimal(), identities: { ...identities(), channelAdmin: 'operator1' } })).toThrow(
      'identities.channelAdmin must be a configured admin user',
    );
    expect(() => parseConfig({ ...minimal(), identities: { ...identities(), channelAdmin: 'ghost' } })).toThrow(
      'identities.channelAdmin must be a configured admin user',
    );
    const { ca, orderer } = identities();
    expect(() => parseConfig({ ...minimal(), identities: { orderer, channelAdmin: 'admin' } })).toThrow('identities.ca is required');
    expect(() => parseConfig({ ...minimal(), identities: { ca, channelAdmin: 'admin' } })).toThrow('identities.orderer is required');
    expect(() => parseConfig({ ...minimal(), identities: { ca: { ...ca, caName: '' }, orderer, channelAdmin: 'admin' } })).toThrow(
      'identities.ca.caName is required',
    );
    expect(() =>
      parseConfig({ ...minimal(), identities: { ca: { ...ca, registrar: { certPath: 'c' } }, orderer, channelAdmin: 'admin' } }),
    ).toThrow('identities.ca.registrar.keyPath is required');
  });

  it('runs the settlement agent as a configured writer, every 5 s with a 10 s refund grace unless told', () => {
    expect(parseConfig(minimal()).settlementAgent).toBeUndefined();
    expect(parseConfig({ ...minimal(), settlementAgent: { user: 'operator1' } }).settlementAgent).toEqual({
      user: 'operator1',
      intervalSeconds: 5,
      refundGraceSeconds: 10,
    });
    expect(
      parseConfig({ ...minimal(), settlementAgent: { user: 'admin', intervalSeconds: 2, refundGraceSeconds: 0 } }).settlementAgent,
    ).toEqual({ user: 'admin', intervalSeconds: 2, refundGraceSeconds: 0 });
    const viewer = { ...minimal(), users: { ...(minimal().users as object), viewer1: { role: 'viewer', certPath: 'c', keyPath: 'k' } } };
    for (const user of ['nobody', 'viewer1', undefined])
      expect(() => parseConfig({ ...viewer, settlementAgent: { user } })).toThrow('settlementAgent.user must be a configured user');
    for (const intervalSeconds of [0, 1.5, -1, '5'])
      expect(() => parseConfig({ ...minimal(), settlementAgent: { user: 'operator1', intervalSeconds } })).toThrow(
        'settlementAgent.intervalSeconds must be a whole number ≥ 1',
      );
    for (const refundGraceSeconds of [-1, 0.5, '10'])
      expect(() => parseConfig({ ...minimal(), settlementAgent: { user: 'operator1', refundGraceSeconds } })).toThrow(
        'settlementAgent.refundGraceSeconds must be a whole number ≥ 0',
      );
  });

  describe('the ledgers served', () => {
    const cashLedger = { channel: 'cash', chaincode: 'cash', operatorMspId: 'PaymentMSP' };
    const withoutBond = () => Object.fromEntries(Object.entries(minimal()).filter(([key]) => key !== 'channel' && key !== 'chaincode'));

    it('serves the bond ledger alone unless cashLedger is set', () => {
      const config = parseConfig(minimal());
      expect([...servedLedgers(config)]).toEqual(['bond']);
      expect(config.cashLedger).toBeUndefined();
    });

    it('serves both with cashLedger beside the bond channel and chaincode (the bank, the securities firm, the CSD)', () => {
      const config = parseConfig({ ...minimal(), cashLedger });
      expect([...servedLedgers(config)]).toEqual(['bond', 'cash']);
      expect(config).toMatchObject({ channel: 'bonds', chaincode: 'bond', cashLedger });
    });

    it("serves the cash ledger alone with cashLedger and no bond channel or chaincode (the payment operator's)", () => {
      const config = parseConfig({ ...withoutBond(), cashLedger });
      expect([...servedLedgers(config)]).toEqual(['cash']);
      expect([config.channel, config.chaincode]).toEqual([undefined, undefined]);
    });

    it('needs the bond channel and chaincode together, and every cashLedger setting', () => {
      expect(() => parseConfig(withoutBond())).toThrow('gateway configuration: channel is required');
      expect(() => parseConfig({ ...withoutBond(), channel: 'bonds', cashLedger })).toThrow('gateway configuration: chaincode is required');
      for (const key of Object.keys(cashLedger)) {
        const partial = Object.fromEntries(Object.entries(cashLedger).filter(([k]) => k !== key));
        expect(() => parseConfig({ ...minimal(), cashLedger: partial })).toThrow(`gateway configuration: cashLedger.${key} is required`);
      }
      expect(() => parseConfig({ ...minimal(), cashLedger: 'cash' })).toThrow('gateway configuration: cashLedger must be an object');
    });
  });

  describe('loadConfig', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gateway-config-'));

    it('reads and checks a JSON file', () => {
      const file = path.join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ ...minimal(), responseValidation: 'log' }));
      expect(loadConfig(file)).toMatchObject({ organization: 'bank', responseValidation: 'log' });
    });

    it('names the file it cannot read or parse', () => {
      const missing = path.join(dir, 'missing.json');
      expect(() => loadConfig(missing)).toThrow(`cannot read the gateway configuration ${missing}`);
      const broken = path.join(dir, 'broken.json');
      writeFileSync(broken, '{ "organization": ');
      expect(() => loadConfig(broken)).toThrow(`cannot read the gateway configuration ${broken}`);
    });

    it('checks what it read', () => {
      const file = path.join(dir, 'incomplete.json');
      writeFileSync(file, JSON.stringify({ ...minimal(), stateDir: undefined }));
      expect(() => loadConfig(file)).toThrow('gateway configuration: stateDir is required');
    });
  });
});
