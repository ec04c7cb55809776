// Transaction load for the restart soak, sent through the REST gateways as an
// institution's systems would. Every stream writes its own ledger key one
// transaction at a time, so streams never conflict with each other:
//   - each organisation's operator updates its own member contact;
//   - the CSD's operator sets a year of calendars SOAK-1 … SOAK-N (reference
//     data no bond uses; the soak's only trace on the ledger besides contacts).
//
//   node soak-load.js STATE_DIR burst COUNT     commit COUNT transactions, showing progress
//   node soak-load.js STATE_DIR flow STOP_FILE  submit until STOP_FILE exists, then print
//                                               {"committed":N,"failed":N} as JSON
//   node soak-load.js STATE_DIR probe SECONDS   retry one transaction until it commits;
//                                               print the seconds it took (exit 1 past SECONDS)
'use strict';
const fs = require('fs');
const path = require('path');

const CALENDAR_STREAMS = 6;
const CALENDAR_YEAR = 2199;
const REQUEST_TIMEOUT_MS = 70_000;

const [stateDir, mode, argument] = process.argv.slice(2);
if (!stateDir || !['burst', 'flow', 'probe'].includes(mode)) {
  process.stderr.write('usage: soak-load.js STATE_DIR burst COUNT | flow STOP_FILE | probe SECONDS\n');
  process.exit(2);
}
const summary = JSON.parse(fs.readFileSync(path.join(stateDir, 'gateways.json'), 'utf8'));

/** One writer: a gateway, an operator's key, and the request that writes its own key. */
function streams() {
  const result = [];
  for (const [org, gateway] of Object.entries(summary.gateways)) {
    const apiKey = gateway.users.operator1?.apiKey;
    if (!apiKey) continue;
    result.push({ name: `${org}-contact`, baseUrl: gateway.baseUrl, apiKey, request: contactUpdate(org) });
    if (org === 'csd') {
      for (let i = 1; i <= CALENDAR_STREAMS; i += 1) {
        result.push({ name: `calendar-${i}`, baseUrl: gateway.baseUrl, apiKey, request: calendarYear(`SOAK-${i}`) });
      }
    }
  }
  if (result.length === 0) throw new Error(`no gateway with an operator1 key in ${stateDir}/gateways.json`);
  return result;
}

function contactUpdate(org) {
  let n = 0;
  return () => ({
    method: 'PUT',
    path: '/members/me/contact',
    body: { contactName: `Operations desk ${org} ${++n}`, email: `ops@${org}.bond.test` },
  });
}

function calendarYear(calendarId) {
  return () => ({ method: 'PUT', path: `/calendars/${calendarId}/${CALENDAR_YEAR}`, body: { holidays: [], workingWeekends: [] } });
}

/** Sends one transaction; resolves 'committed', 'refused' (the member may not write: a regulator,
 *  a revoked institution; its stream stops) or 'failed' (worth retrying). */
async function submit(stream) {
  const { method, path: route, body } = stream.request();
  try {
    const response = await fetch(stream.baseUrl + route, {
      method,
      headers: { authorization: `Bearer ${stream.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    if (response.status === 200 || response.status === 201) return 'committed';
    return response.status === 403 ? 'refused' : 'failed';
  } catch {
    return 'failed';
  }
}

/** Runs one stream until `more()` is false, counting outcomes into `counts`. */
async function drive(stream, counts, more) {
  while (more()) {
    const outcome = await submit(stream);
    counts[outcome] += 1;
    if (outcome === 'refused') {
      process.stderr.write(`    ${stream.name}: writes refused (403), stream stopped\n`);
      return;
    }
    if (outcome === 'failed') await sleep(250);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function burst(count) {
  const counts = { committed: 0, failed: 0, refused: 0 };
  let claimed = 0;
  const started = Date.now();
  // On a terminal one line is rewritten; in a log, a line every 10 s.
  const tty = process.stderr.isTTY;
  const report = () =>
    process.stderr.write(
      `${tty ? '\r' : ''}    ${counts.committed}/${count} committed, ${counts.failed} failed, ${Math.round((Date.now() - started) / 1000)} s${tty ? '' : '\n'}`,
    );
  const timer = setInterval(report, tty ? 2000 : 10_000);
  // Each stream claims the next transaction while fewer than `count` are committed or on their way.
  const more = () => {
    if (counts.failed > count) throw new Error('more failures than transactions asked for; is the network up?');
    if (claimed - counts.failed - counts.refused >= count) return false;
    claimed += 1;
    return true;
  };
  await Promise.all(streams().map((stream) => drive(stream, counts, more)));
  clearInterval(timer);
  report();
  if (tty) process.stderr.write('\n');
  if (counts.committed < count) throw new Error(`only ${counts.committed} of ${count} transactions committed`);
  console.log(JSON.stringify({ ...counts, seconds: (Date.now() - started) / 1000 }));
}

async function flow(stopFile) {
  const counts = { committed: 0, failed: 0, refused: 0 };
  await Promise.all(streams().map((stream) => drive(stream, counts, () => !fs.existsSync(stopFile))));
  console.log(JSON.stringify(counts));
}

async function probe(seconds) {
  const [stream] = streams();
  const started = Date.now();
  const deadline = started + seconds * 1000;
  while (Date.now() < deadline) {
    if ((await submit(stream)) === 'committed') {
      console.log(((Date.now() - started) / 1000).toFixed(1));
      return;
    }
    await sleep(1000);
  }
  console.log(((Date.now() - started) / 1000).toFixed(1));
  process.exitCode = 1;
}

const run = { burst: () => burst(Number(argument)), flow: () => flow(argument), probe: () => probe(Number(argument)) }[mode];
run().catch((error) => {
  process.stderr.write(`soak-load: ${error.message}\n`);
  process.exit(1);
});
