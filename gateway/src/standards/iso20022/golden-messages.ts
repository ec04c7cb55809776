/**
 * Golden files for the message builders' tests: each message of a scenario
 * as an exact XML file under golden/<scenario>/, named by its position, its
 * message type and its recipients, so a change to any message shows as a
 * diff to review. `UPDATE_GOLDEN=1 npx jest …` rewrites them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IsoMessage } from './message';

export const GOLDEN_DIR = join(__dirname, 'golden');

/** The file a scenario's n-th message is kept in, e.g. 00-sese.023.001.11-BankAMSP.xml. */
export function goldenFileName(n: number, message: IsoMessage): string {
  return `${String(n).padStart(2, '0')}-${message.messageType}-${message.recipients.join('+')}.xml`;
}

/** Compares the messages with the scenario's golden files (all of them, no more, no fewer), or rewrites them with UPDATE_GOLDEN=1. */
export function expectGolden(scenario: string, messages: IsoMessage[]): void {
  const dir = join(GOLDEN_DIR, scenario);
  const files = messages.map((message, n) => [goldenFileName(n, message), message.xml] as const);
  if (process.env.UPDATE_GOLDEN === '1') {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [name, xml] of files) writeFileSync(join(dir, name), xml);
    return;
  }
  expect(existsSync(dir) ? readdirSync(dir).sort() : []).toEqual(files.map(([name]) => name).sort());
  for (const [name, xml] of files) expect({ name, xml }).toEqual({ name, xml: readFileSync(join(dir, name), 'utf8') });
}
