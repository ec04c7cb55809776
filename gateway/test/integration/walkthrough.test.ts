/**
 * The README's walkthroughs run as written: curl against the gateways
 * (test-network-scripts/walkthrough.sh, from registration to redemption;
 * test-network-scripts/dvp-walkthrough.sh, a delivery versus payment across
 * the bond and cash ledgers; test-network-scripts/standards-walkthrough.sh,
 * a bond driven from a BDT term sheet and followed in ISO 20022 messages).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const run = (script: string): string[] =>
  execFileSync('bash', [path.resolve(__dirname, '../../../test-network-scripts', script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .trim()
    .split('\n');

describe('README walkthrough', () => {
  it('takes a bond from registration to REDEEMED with curl', () => {
    expect(run('walkthrough.sh').pop()).toMatch(/^[A-Z]{2}[A-Z0-9]{9}[0-9] REDEEMED$/);
  });

  it('settles a delivery versus payment across the two ledgers with curl: the bond lock ends CLAIMED', () => {
    expect(run('dvp-walkthrough.sh').pop()).toMatch(/^[0-9a-f]{64} CLAIMED$/);
  }, 300_000);

  it('drives a bond from a BDT term sheet and follows it in ISO 20022 messages with curl', () => {
    expect(run('standards-walkthrough.sh').pop()).toMatch(/^[A-Z]{2}[A-Z0-9]{9}[0-9]: the CSD reads [1-9][0-9]* ISO 20022 messages$/);
  }, 300_000);
});
