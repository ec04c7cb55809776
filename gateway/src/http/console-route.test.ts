/**
 * The web console at /console/: its page and files from the console's
 * dist/, before authentication, under a Content-Security-Policy of this
 * origin only; a clear 503 while it is not built.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import type { LedgerClient } from '../fabric/ledger-client';
import { ApiKeys } from './auth';
import { CONSOLE_CSP, consoleDist, mountConsole } from './console-route';
import { testApp, testConfig } from './test-app';

function consoleApp(built: boolean): express.Express {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
  if (built) {
    writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><title>Bond platform console</title><script type="module" src="console.js"></script>',
    );
    writeFileSync(path.join(dir, 'console.js'), 'export {};');
  } else mkdirSync(path.join(dir, 'empty'));
  const app = express();
  mountConsole(app, built ? dir : path.join(dir, 'empty'));
  return app;
}

describe('/console', () => {
  it('serves the page at /console/ and its files, with a CSP of this origin only', async () => {
    const app = consoleApp(true);
    const page = await request(app).get('/console/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('Bond platform console');
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
    const script = await request(app).get('/console/console.js');
    expect(script.status).toBe(200);
    expect(script.type).toBe('text/javascript');
    expect(script.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect((await request(app).get('/console/missing.js')).status).toBe(404);
  });

  it('allows nothing from elsewhere: scripts, styles, connections and images from this origin only', () => {
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).toContain("style-src 'self'");
    expect(CONSOLE_CSP).toContain("connect-src 'self'");
    expect(CONSOLE_CSP).toContain("img-src 'self' data:");
    expect(CONSOLE_CSP).not.toMatch(/https?:|unsafe|\*/);
  });

  it('answers 503 CONSOLE_NOT_BUILT while the console has no dist', async () => {
    const answer = await request(consoleApp(false)).get('/console/');
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ error: { code: 'CONSOLE_NOT_BUILT', message: 'the console is not built: run npm run build' } });
  });

  it("finds the console workspace's dist", () => {
    expect(consoleDist()).toBe(path.resolve(__dirname, '../../../console/dist'));
  });

  it('is served by the gateway without an API key, beside /docs', async () => {
    const config = testConfig({ organization: 'bank', mspId: 'BankMSP', channel: 'bonds', chaincode: 'bond' });
    const { app } = testApp(config, {} as unknown as LedgerClient, new ApiKeys([]));
    const redirect = await request(app).get('/console');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/console/');
    expect(redirect.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect((await request(app).get('/docs/')).status).toBe(200);
    expect((await request(app).get('/me')).status).toBe(401);
  });
});
