import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { assess, ReadinessMonitor, tlsHandshake } from './readiness';

describe('readiness', () => {
  it('is ready only with the peer and a majority of the orderers', () => {
    expect(assess(true, 2, 3)).toBe('ready');
    expect(assess(true, 3, 3)).toBe('ready');
    expect(assess(true, 1, 3)).toBe('not-ready');
    expect(assess(true, 2, 4)).toBe('not-ready');
    expect(assess(false, 3, 3)).toBe('not-ready');
    expect(assess(true, 0, 0)).toBe('ready');
  });

  describe('a TLS handshake', () => {
    let silent: Server;
    let port: number;
    const accepted: Socket[] = [];
    beforeAll(async () => {
      // Accepts TCP and never answers the TLS ClientHello, as an endpoint behind a dead link would.
      silent = createServer((socket) => accepted.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      port = (silent.address() as AddressInfo).port;
    });
    afterAll(async () => {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) =>
        silent.close(() => {
          resolve();
        }),
      );
    });

    it('fails in time against an endpoint that does not answer', async () => {
      await expect(tlsHandshake(`127.0.0.1:${port}`, Buffer.from(''), undefined, 200)).resolves.toBe(false);
    });

    it('fails against a closed port', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const free = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) =>
        closed.close(() => {
          resolve();
        }),
      );
      await expect(tlsHandshake(`127.0.0.1:${free}`, Buffer.from(''), undefined, 2_000)).resolves.toBe(false);
    });
  });

  it('reports starting before the first check, then each change once', async () => {
    let peerUp = false;
    const changes: string[] = [];
    const monitor = new ReadinessMonitor({
      peerReachable: () => Promise.resolve(peerUp),
      orderers: [],
      intervalMs: 60_000,
      onChange: (r) => changes.push(r.status),
    });
    expect(monitor.report().status).toBe('starting');
    expect((await monitor.check()).status).toBe('not-ready');
    peerUp = true;
    expect((await monitor.check()).status).toBe('ready');
    await monitor.check();
    expect(changes).toEqual(['not-ready', 'ready']);
    expect(monitor.report()).toMatchObject({ peer: 'reachable', orderers: { reachable: 0, of: 0 } });
  });
});
