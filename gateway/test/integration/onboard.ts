/** The test network's onboarding and removal scripts, as the tests run them. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Api, hasGateway } from './http-client';

export const SCRIPTS = path.resolve(__dirname, '../../../test-network-scripts');

export interface Institution {
  name: string;
  mspId: string;
  basePort: number;
  roles: string;
  legalName: string;
  lei: string;
}

/**
 * add-org.sh: the institution's CA, channel membership, peer, chaincode,
 * registry entry and gateway (nothing if done). A failure carries the
 * script's last lines, which say which step failed and why.
 */
export function onboard(institution: Institution): void {
  const { name, mspId, basePort, roles, legalName, lei } = institution;
  const result = spawnSync('bash', [path.join(SCRIPTS, 'add-org.sh'), name, mspId, String(basePort), roles, legalName, lei], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trimEnd().split('\n').slice(-40).join('\n');
    throw new Error(`add-org.sh ${name} exited with ${String(result.status ?? result.signal)}:\n${output}`);
  }
}

/**
 * onboard() unless the institution is onboarded: its gateway runs and the CSD
 * lists it as a member. add-org.sh skips every step that is done but restarts
 * every organisation's gateway, which interrupts whatever else is using them.
 * A gateway alone is not enough: an onboarding that failed before admission
 * leaves the institution in the topology, and the next add-org.sh (another
 * institution's) starts its gateway too.
 */
export async function ensureOnboarded(institution: Institution): Promise<void> {
  if (hasGateway(institution.name)) {
    const member = await new Api('csd', 'operator1').get(`/members/${encodeURIComponent(institution.mspId)}`);
    if (member.status === 200) return;
  }
  onboard(institution);
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
