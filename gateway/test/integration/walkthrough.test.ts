/**
 * The README's walkthrough (test-network-scripts/walkthrough.sh) runs as
 * written: curl against the gateways, from registration to redemption.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

describe('README walkthrough', () => {
  it('takes a bond from registration to REDEEMED with curl', () => {
    const output = execFileSync('bash', [path.resolve(__dirname, '../../../test-network-scripts/walkthrough.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(output.trim().split('\n').pop()).toMatch(/^[A-Z]{2}[A-Z0-9]{9}[0-9] REDEEMED$/);
  });
});
