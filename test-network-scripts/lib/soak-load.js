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
  return () => ({ method: 'PUT', path: '/members/me/contact', body: { contactName: `Operations desk ${org} ${++n}`, email: `ops@${org}.bond.test` } });
}

function calendarYear(calendarId) {
  return () => ({ method: 'PUT', path: `/calendars/${calendarId}/${CALENDAR_YEAR}`, body: { holidays: [], workingWeekends: [] } });
}

/** Sends one transaction; resolves true when the gateway reports it committed. */
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
    return response.status === 200 || response.status === 201;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function burst(count) {
  const all = streams();
  let committed = 0;
  let failed = 0;
  let claimed = 0;
  const started = Date.now();
  const report = () =>
    process.stderr.write(`\r    ${committed}/${count} committed, ${failed} failed, ${Math.round((Date.now() - started) / 1000)} s`);
  const timer = setInterval(report, 2000);
  await Promise.all(
    all.map(async (stream) => {
      while (claimed < count) {
        claimed += 1;
        if (await submit(stream)) committed += 1;
        else {
          failed += 1;
          claimed -= 1;
          if (failed > count) throw new Error('more failures than transactions asked for; is the network up?');
          await sleep(500);
        }
      }
    }),
  );
  clearInterval(timer);
  report();
  process.stderr.write('\n');
  console.log(JSON.stringify({ committed, failed, seconds: (Date.now() - started) / 1000 }));
}

async function flow(stopFile) {
  let committed = 0;
  let failed = 0;
  await Promise.all(
    streams().map(async (stream) => {
      while (!fs.existsSync(stopFile)) {
        if (await submit(stream)) committed += 1;
        else {
          failed += 1;
          await sleep(250);
        }
      }
    }),
  );
  console.log(JSON.stringify({ committed, failed }));
}

async function probe(seconds) {
  const [stream] = streams();
  const started = Date.now();
  const deadline = started + seconds * 1000;
  while (Date.now() < deadline) {
    if (await submit(stream)) {
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
