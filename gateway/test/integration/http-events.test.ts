/**
 * GET /events end to end: chaincode events arrive as Server-Sent Events; a
 * client that reconnects with Last-Event-ID gets what it missed and nothing
 * twice; a stream outlives a restart of the gateway's peer.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { defaultNetworkHome } from '../../src/ledger-check/test-network';
import { Api, ensureMembersOverHttp } from './http-client';

const bank = new Api('bank', 'operator1');
const NETWORK_SH = path.resolve(__dirname, '../../../test-network-scripts/network.sh');

interface SseEvent {
  id: string;
  event: string;
  data: { transactionId: string; payload: { contactName?: string } };
}

/** An open event stream with the events parsed so far. */
class EventStream {
  readonly events: SseEvent[] = [];
  readonly #abort = new AbortController();

  static async open(lastEventId?: string): Promise<EventStream> {
    const stream = new EventStream();
    const headers: Record<string, string> = { Authorization: `Bearer ${bank.apiKey}` };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const response = await fetch(`${bank.baseUrl}/events`, { headers, signal: stream.#abort.signal });
    expect(response.status).toBe(200);
    void stream.#read(response);
    return stream;
  }

  async #read(response: Response): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .find((line) => line.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          const id = field('id');
          if (id) this.events.push({ id, event: field('event') ?? '', data: JSON.parse(field('data') ?? '{}') as SseEvent['data'] });
        }
      }
    } catch {
      // aborted
    }
  }

  async waitFor(txId: string, timeoutMs = 30_000): Promise<SseEvent> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      const found = this.events.find((e) => e.data.transactionId === txId);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no event for ${txId} within ${timeoutMs} ms (got ${this.events.length} events)`);
  }

  close(): void {
    this.#abort.abort();
  }
}

async function updateContact(name: string): Promise<string> {
  const response = await bank.put<{ transactionId: string }>('/members/me/contact', { contactName: name, email: 'desk@bank.example' });
  expect(response.status).toBe(200);
  return response.body.transactionId;
}

/** Until every organisation's peer can plan an endorsement by every organisation (at most 120 s). */
function waitForDiscovery(): void {
  execFileSync('node', [
    path.resolve(__dirname, '../../../test-network-scripts/lib/wait-discovery.js'),
    path.join(defaultNetworkHome(), 'network.json'),
    '120',
  ]);
}

beforeAll(ensureMembersOverHttp);

describe('event stream', () => {
  it('resumes after Last-Event-ID without repeating or losing events, and survives a peer restart', async () => {
    const first = await EventStream.open();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const tx1 = await updateContact('desk 1');
    const seen = await first.waitFor(tx1);
    expect(seen).toMatchObject({ event: 'MemberContactUpdated', data: { payload: { contactName: 'desk 1' } } });
    first.close();

    const tx2 = await updateContact('desk 2 (while disconnected)');
    const resumed = await EventStream.open(seen.id);
    await resumed.waitFor(tx2);
    expect(resumed.events[0]?.data.transactionId).toBe(tx2);
    expect(resumed.events.some((e) => e.data.transactionId === tx1)).toBe(false);

    // Restart the bank's peer under the open stream; it reconnects by itself.
    execFileSync('bash', [NETWORK_SH, 'stopProcess', 'peer0-bank'], { stdio: 'ignore' });
    execFileSync('bash', [NETWORK_SH, 'up'], { stdio: 'ignore' });
    // The restarted peer catches up and is found by discovery again before it can endorse.
    waitForDiscovery();
    let tx3 = '';
    for (let attempt = 0; attempt < 30 && tx3 === ''; attempt++) {
      tx3 = await updateContact('desk 3 (after restart)').catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return '';
      });
    }
    expect(tx3).not.toBe('');
    await resumed.waitFor(tx3, 60_000);
    resumed.close();
  }, 300_000);
});
