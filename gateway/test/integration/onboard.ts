/** The test network's onboarding and removal scripts, as the tests run them. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { hasGateway } from './http-client';

export const SCRIPTS = path.resolve(__dirname, '../../../test-network-scripts');

export interface Institution {
  name: string;
  mspId: string;
  basePort: number;
  roles: string;
  legalName: string;
  lei: string;
}

/** add-org.sh: the institution's CA, channel membership, peer, chaincode, registry entry and gateway (nothing if done). */
export function onboard(institution: Institution): void {
  const { name, mspId, basePort, roles, legalName, lei } = institution;
  execFileSync('bash', [path.join(SCRIPTS, 'add-org.sh'), name, mspId, String(basePort), roles, legalName, lei], { stdio: 'ignore' });
}

/**
 * onboard() unless the institution already has its gateway: add-org.sh
 * skips every step that is done but restarts every organisation's gateway,
 * which interrupts whatever else is using them.
 */
export function ensureOnboarded(institution: Institution): void {
  if (!hasGateway(institution.name)) onboard(institution);
}

/** The fund onboarding.test.ts admits; other tests use the same institution (onboarding it again changes nothing). */
export const FUND: Institution = {
  name: 'fund',
  mspId: 'FundMSP',
  basePort: 10050,
  roles: 'INVESTOR',
  legalName: 'Example Fund Management (test network)',
  // Its own LEI (ISO 17442 check digits): a party is found by its LEI, so no two members share one.
  lei: '5299009FUNDTESTNET22',
};

/** The supervisory authority supervision.test.ts admits. */
export const REGULATOR: Institution = {
  name: 'regulator',
  mspId: 'RegulatorMSP',
  basePort: 10100,
  roles: 'REGULATOR',
  legalName: 'Example Securities Regulator (test network)',
  lei: '5299009REGULATORTN50',
};
