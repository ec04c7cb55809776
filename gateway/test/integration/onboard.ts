/** The test network's onboarding and removal scripts, as the tests run them. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

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
