// What the REST layer costs per query, without any Fabric network.
//
//   npm run build -w gateway && node gateway/scripts/rest-overhead.js
//     [--seconds 5] [--callers 10,50] [--runs 1] [--path /members/CSDMSP]
//     [--ledger fake|grpc-stub] [--direct] [--profile] [--dist DIR] [--baseline DIR]
//
// A child process serves the gateway's real app as main.ts does (createApp
// and createServer: helmet, body parsing, authentication, the per-caller
// rate limit, request and result schema validation, metrics, and the request
// log line written to a file as under `npm start`) on a free port of
// 127.0.0.1, over a stand-in ledger that answers at once (GetMember a valid
// Member; the list and page queries an empty one, so --path may name them).
// This process drives GET --path with node:http keep-alive callers (10, then
// 50), each run bounded in time (--seconds, at most 60) and in count, and
// prints a table: requests/s, the server's CPU-µs per request
// (process.cpuUsage of the child), p50/p99 latency, and the load generator's
// own CPU-µs per request.
//
// The machine's other load shows in every figure: --runs N repeats each run
// and adds the median of each column. --dist DIR serves another build than
// gateway/dist (e.g. tsc's --outDir); --baseline DIR serves a second build
// beside it, loaded at the same time with as many callers, so both share the
// same machine: the ratio of their CPU-µs per request, printed per run, is
// what a change did (their requests/s and latencies are those of sharing).
// --ledger grpc-stub uses the real LedgerClient (fabric-gateway: proposal,
// ECDSA signature, protobuf) over an in-process stand-in for the gRPC client,
// so the figures include what fabric-gateway spends per evaluate; --direct
// then also measures a direct fabric-gateway client holding one Contract
// over the same stand-in. --profile samples the server's CPU during the
// measured runs (V8 inspector) and prints its self time by package and its
// top self-time functions. Nothing here reaches a peer.
'use strict';
const { fork } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Buffer } = require('node:buffer');
const { setImmediate } = require('node:timers');
const { TextDecoder, TextEncoder } = require('node:util');

/** The compiled gateway the server runs: gateway/dist, or the build the parent names (--dist, --baseline). */
const DIST = process.env.REST_OVERHEAD_DIST || path.resolve(__dirname, '..', 'dist');
const HOST = '127.0.0.1';
/** Hard bounds on one measured run, whatever the options say. */
const MAX_SECONDS = 60;
const MAX_REQUESTS_PER_RUN = 500_000;
const WARM_UP_SECONDS = 2;

const MEMBER = {
  mspId: 'CSDMSP',
  legalName: 'Central Securities Depository',
  lei: '5493001KJTIIGC8Y1R12',
  roles: ['CSD'],
  status: 'ACTIVE',
  admitted: {
    mspId: 'CSDMSP',
    identity: 'x509::CN=admin,OU=admin::CN=ca.csd',
    timestamp: '2026-11-25T10:00:00.000Z',
    txId: 'a'.repeat(64),
  },
  lastChange: {
    mspId: 'CSDMSP',
    identity: 'x509::CN=admin,OU=admin::CN=ca.csd',
    timestamp: '2026-11-25T10:00:00.000Z',
    txId: 'a'.repeat(64),
  },
};
const MEMBER_BYTES = new TextEncoder().encode(JSON.stringify(MEMBER));
/** Distinct API users the callers take in turn (the rate limit and the key lookup are per user). */
const USERS = ['operator1', 'operator2', 'operator3', 'operator4', 'operator5', 'operator6', 'operator7', 'operator8'];

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}
const flag = (name) => process.argv.includes(`--${name}`);

// --- the server (child process) ----------------------------------------------------

/** A stand-in for the gRPC client: Gateway/Evaluate answers MEMBER_BYTES on the next turn of the event loop. */
function grpcStub() {
  const { gateway, peer } = require('@hyperledger/fabric-protos');
  const response = new gateway.EvaluateResponse();
  const result = new peer.Response();
  result.setStatus(200);
  result.setPayload(MEMBER_BYTES);
  response.setResult(result);
  const responseBytes = response.serializeBinary();
  return {
    makeUnaryRequest(method, serialize, deserialize, argument, options, callback) {
      if (method !== '/gateway.Gateway/Evaluate') throw new Error(`the stub answers only Evaluate, not ${method}`);
      serialize(argument);
      setImmediate(() => callback(null, deserialize(Buffer.from(responseBytes))));
      return { cancel() {} };
    },
    close() {},
  };
}

/** Configured users, each with an API key and (for the gRPC stub) a signing key. */
function usersAndKeys(dir) {
  const { issueKey } = require(`${DIST}/http/auth`);
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  // Only sent, never checked: the stub does not verify the creator.
  fs.writeFileSync(certPath, '-----BEGIN CERTIFICATE-----\nMIIBharness\n-----END CERTIFICATE-----\n');
  const users = {};
  const issued = [];
  for (const user of USERS) {
    users[user] = { role: 'operator', certPath, keyPath };
    issued.push(issueKey(user));
  }
  return { users, issued };
}

async function serve() {
  const { createApp, createServer } = require(`${DIST}/http/app`);
  const { ApiKeys } = require(`${DIST}/http/auth`);
  const { IdempotencyStore } = require(`${DIST}/http/idempotency`);
  const { Metrics } = require(`${DIST}/http/metrics`);
  const { UserDirectory } = require(`${DIST}/users/directory`);
  const { LedgerClient, decodeResult } = require(`${DIST}/fabric/ledger-client`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rest-overhead-'));
  const { users, issued } = usersAndKeys(dir);
  const config = {
    organization: 'csd',
    mspId: 'CSDMSP',
    csdMspId: 'CSDMSP',
    listen: { host: HOST, port: 0 },
    peer: { endpoint: 'stub:0', tlsRootCertPath: '/nonexistent' },
    channel: 'bondchannel',
    chaincode: 'bond',
    users,
    apiKeysFile: path.join(dir, 'api-keys.json'),
    stateDir: path.join(dir, 'state'),
    // In force on every request, high enough that the load never reaches it.
    rateLimitPerMinute: 100_000_000,
    unauthenticatedPerMinute: 60,
    idempotencyRetentionHours: 24,
    bodyLimit: '256kb',
    responseValidation: 'enforce',
  };
  fs.mkdirSync(config.stateDir, { recursive: true });
  // Any query of the table answers in its published shape: a Member, an empty list or an empty page.
  const { OPERATIONS } = require(`${DIST}/http/operations`);
  const answers = new Map(
    OPERATIONS.map((op) => [
      op.fn,
      op.result.as === 'one'
        ? MEMBER_BYTES
        : new TextEncoder().encode(op.result.as === 'list' ? '[]' : '{"records":[],"bookmark":"","fetchedRecordsCount":0}'),
    ]),
  );
  const ledger =
    process.env.REST_OVERHEAD_LEDGER === 'grpc-stub'
      ? new LedgerClient(config, grpcStub())
      : {
          evaluate: (_user, _contract, fn) =>
            // What LedgerClient.evaluate does with the peer's answer.
            Promise.resolve(decodeResult(answers.get(fn) ?? MEMBER_BYTES)),
          network: () => ({ getChaincodeEvents: () => Promise.reject(new Error('no peer in the harness')) }),
        };
  // As main.ts makes it; stdout is the log file the parent opened, as under npm start.
  const logger = require('pino')({ base: { service: 'bond-gateway', org: config.organization }, redact: ['req.headers.authorization'] });
  const { app } = createApp({
    config,
    ledger,
    keys: new ApiKeys(issued.map((i) => i.record)),
    users: new UserDirectory(config.users, config.stateDir),
    idempotency: new IdempotencyStore(config.stateDir),
    metrics: new Metrics(),
    logger,
    isReady: () => true,
  });
  // As main.ts serves it (builds before createServer existed: as app.listen did).
  const server = createServer ? createServer(app) : http.createServer(app);
  server.listen(0, HOST, () => {
    process.send({ type: 'listening', port: server.address().port, keys: issued.map((i) => i.key) });
  });
  const profiler = flag('profile') ? profilerSession() : undefined;
  process.on('message', (message) => {
    void (async () => {
      if (message.type === 'cpu') process.send({ type: 'cpu', usage: process.cpuUsage() });
      else if (message.type === 'profile-start') {
        await profiler?.start();
        process.send({ type: 'profile-started' });
      } else if (message.type === 'profile-stop') {
        process.send({ type: 'profile', profile: profiler ? await profiler.stop() : undefined });
      } else if (message.type === 'direct') process.send({ type: 'direct', ...(await direct(config, message)) });
      else if (message.type === 'exit') {
        server.close();
        server.closeAllConnections();
        fs.rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      }
    })();
  });
}

/** A direct fabric-gateway client holding one Contract over the gRPC stub: `callers` loops for `seconds`. */
async function direct(config, { callers, seconds }) {
  const { connectGateway } = require(`${DIST}/fabric/connection`);
  const identity = Object.values(config.users)[0];
  const gateway = connectGateway(grpcStub(), {
    mspId: config.mspId,
    certificate: fs.readFileSync(identity.certPath),
    privateKey: fs.readFileSync(identity.keyPath),
  });
  const contract = gateway.getNetwork(config.channel).getContract(config.chaincode, 'Membership');
  const run = async (runSeconds) => {
    const deadline = Date.now() + runSeconds * 1000;
    let count = 0;
    const latencies = [];
    const started = process.cpuUsage();
    const startedAt = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (Date.now() < deadline && count < MAX_REQUESTS_PER_RUN) {
          const t = process.hrtime.bigint();
          JSON.parse(new TextDecoder().decode(await contract.evaluateTransaction('GetMember', 'CSDMSP')));
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          count++;
        }
      }),
    );
    const cpu = process.cpuUsage(started);
    return {
      count,
      elapsed: Number(process.hrtime.bigint() - startedAt) / 1e9,
      cpuMicros: cpu.user + cpu.system,
      latencies: percentiles(latencies),
    };
  };
  await run(Math.min(WARM_UP_SECONDS, seconds));
  const measured = await run(seconds);
  gateway.close();
  return measured;
}

function profilerSession() {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  return {
    start: async () => {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 100 });
      await post('Profiler.start');
    },
    stop: async () => (await post('Profiler.stop')).profile,
  };
}

// --- the load (this process) -------------------------------------------------------

function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (q) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { p50: at(0.5), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

function get(agent, port, urlPath, key) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: HOST, port, path: urlPath, agent, headers: { Authorization: `Bearer ${key}` } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** `callers` keep-alive loops against the server for `seconds` (and at most MAX_REQUESTS_PER_RUN requests). */
async function load(port, keys, urlPath, callers, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: callers });
  const deadline = Date.now() + Math.min(seconds, MAX_SECONDS) * 1000;
  const latencies = [];
  let count = 0;
  let failures = 0;
  const startedAt = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      const key = keys[caller % keys.length];
      while (Date.now() < deadline && count < MAX_REQUESTS_PER_RUN) {
        const t = process.hrtime.bigint();
        const response = await get(agent, port, urlPath, key);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        count++;
        if (response.status !== 200) {
          failures++;
          if (failures === 1) console.error(`unexpected answer ${response.status}: ${response.body.slice(0, 300)}`);
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - startedAt) / 1e9;
  agent.destroy();
  return { count, failures, elapsed, latencies: percentiles(latencies) };
}

function ask(child, message, answerType) {
  return new Promise((resolve) => {
    const onMessage = (answer) => {
      if (answer.type !== answerType) return;
      child.off('message', onMessage);
      resolve(answer);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

async function serverCpu(child) {
  const { usage } = await ask(child, { type: 'cpu' }, 'cpu');
  return { micros: usage.user + usage.system };
}

// --- the profile -------------------------------------------------------------------

/** Where a profiled function lives: a package, a gateway file, or Node's own code. */
function origin(url) {
  if (!url) return '(native / V8)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node (core)';
  if (url.includes('/gateway/dist/')) return `gateway: ${url.slice(url.indexOf('/gateway/dist/') + '/gateway/dist/'.length)}`;
  return url;
}

function summariseProfile(profile, requests) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFunction = new Map();
  const byOrigin = new Map();
  let busy = 0;
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)') continue;
    busy += micros;
    const where = origin(callFrame.url);
    const name = `${callFrame.functionName || '(anonymous)'}  ${where}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byOrigin.set(where, (byOrigin.get(where) ?? 0) + micros);
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  const line = ([name, micros]) =>
    `  ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${(micros / requests).toFixed(1).padStart(6)} µs/req  ${name}`;
  console.log(`\nserver profile: ${(busy / 1000).toFixed(0)} ms busy over ${requests} requests (sampled; µs/req = self time / requests)`);
  console.log('self time by package or file:');
  for (const entry of top(byOrigin, 15)) console.log(line(entry));
  console.log('top self-time functions:');
  for (const entry of top(byFunction, 30)) console.log(line(entry));
}

// --- main --------------------------------------------------------------------------

/** A server child process on a free port of 127.0.0.1, running the gateway built in `dist`. */
async function startServer(dist, ledgerMode) {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rest-overhead-log-')), 'gateway.log');
  const logFd = fs.openSync(logFile, 'a');
  const env = { ...process.env, REST_OVERHEAD_LEDGER: ledgerMode, REST_OVERHEAD_DIST: dist };
  // A build outside the repository finds the repository's packages.
  if (!dist.startsWith(path.resolve(__dirname, '..')))
    env.NODE_PATH = [path.resolve(__dirname, '../node_modules'), path.resolve(__dirname, '../../node_modules')].join(path.delimiter);
  const child = fork(module.filename, ['--server', ...process.argv.slice(2)], { stdio: ['ignore', logFd, 'inherit', 'ipc'], env });
  fs.closeSync(logFd);
  const { port, keys } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  return { child, port, keys, logFile };
}

async function stopServer(server) {
  await new Promise((resolve) => {
    server.child.once('exit', resolve);
    server.child.send({ type: 'exit' });
  });
  const logged = fs
    .readFileSync(server.logFile, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"msg":"request"')).length;
  fs.rmSync(path.dirname(server.logFile), { recursive: true, force: true });
  return logged;
}

/** One measured run: `callers` callers for `seconds` against each server, all at once (so they share the machine alike). */
async function measure(servers, urlPath, callers, seconds) {
  await Promise.all(servers.map((server) => load(server.port, server.keys, urlPath, callers, Math.min(1, seconds / 4))));
  const before = await Promise.all(servers.map((server) => serverCpu(server.child)));
  const runs = await Promise.all(servers.map((server) => load(server.port, server.keys, urlPath, callers, seconds)));
  const after = await Promise.all(servers.map((server) => serverCpu(server.child)));
  return runs.map((run, i) => ({
    requests: run.count,
    failures: run.failures,
    'req/s': Math.round(run.count / run.elapsed),
    'server µs/req': Math.round((after[i].micros - before[i].micros) / run.count),
    'p50 ms': run.latencies.p50.toFixed(2),
    'p99 ms': run.latencies.p99.toFixed(2),
  }));
}

function medians(rows, keys) {
  const median = (values) => values.sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  const result = [];
  const groups = new Map();
  for (const row of rows) {
    const id = keys.map((k) => row[k]).join('/');
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id).push(row);
  }
  for (const group of groups.values()) {
    const summary = Object.fromEntries(keys.map((k) => [k, group[0][k]]));
    summary.callers = `${group[0].callers} (median)`;
    for (const column of Object.keys(group[0]).filter((c) => !keys.includes(c))) {
      const m = median(group.map((row) => Number(row[column])));
      summary[column] = column.endsWith(' ms') ? m.toFixed(2) : m;
    }
    result.push(summary);
  }
  return result;
}

async function main() {
  const seconds = Math.min(Number(option('seconds', '5')), MAX_SECONDS);
  const callerCounts = option('callers', '10,50').split(',').map(Number);
  const urlPath = option('path', '/members/CSDMSP');
  const runs = Math.min(Math.max(Number(option('runs', '1')), 1), 30);
  const ledgerMode = option('ledger', 'fake');
  const baseline = option('baseline', undefined);
  if (!['fake', 'grpc-stub'].includes(ledgerMode)) throw new Error('--ledger is fake or grpc-stub');
  if (!(seconds > 0) || callerCounts.some((c) => !(c >= 1 && c <= 1000))) throw new Error('--seconds > 0 and --callers between 1 and 1000');
  const current = option('dist', undefined);
  const builds = [['current', current ? path.resolve(current) : DIST]];
  if (baseline) builds.push(['baseline', path.resolve(baseline)]);
  for (const [, dist] of builds)
    if (!fs.existsSync(`${dist}/http/app.js`)) throw new Error(`no compiled gateway in ${dist}: npm run build -w gateway`);

  const servers = [];
  for (const [name, dist] of builds) servers.push({ name, ...(await startServer(dist, ledgerMode)) });
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ledger: ${ledgerMode}; GET ${urlPath}, ${seconds} s per run` +
      (baseline ? `; current = ${builds[0][1]} and baseline = ${baseline}, loaded at the same time` : ''),
  );
  for (const server of servers) {
    const first = await get(new http.Agent(), server.port, urlPath, server.keys[0]);
    if (first.status !== 200) throw new Error(`${server.name}: GET ${urlPath} answered ${first.status}: ${first.body}`);
    await load(server.port, server.keys, urlPath, Math.max(...callerCounts), WARM_UP_SECONDS);
  }

  const rows = [];
  const profiling = flag('profile');
  if (profiling) await ask(servers[0].child, { type: 'profile-start' }, 'profile-started');
  let profiledRequests = 0;
  for (let r = 0; r < runs; r++) {
    for (const callers of callerCounts) {
      const clientBefore = process.cpuUsage();
      const measured = await measure(servers, urlPath, callers, seconds);
      const clientCpu = process.cpuUsage(clientBefore);
      const requests = measured.reduce((sum, row) => sum + row.requests, 0);
      profiledRequests += measured[0].requests;
      measured.forEach((row, i) => {
        rows.push({
          ...(baseline ? { build: servers[i].name } : {}),
          callers,
          ...row,
          'client µs/req': Math.round((clientCpu.user + clientCpu.system) / requests),
        });
      });
    }
  }
  const profile = profiling ? (await ask(servers[0].child, { type: 'profile-stop' }, 'profile')).profile : undefined;
  console.table(runs > 1 || baseline ? [...rows, ...medians(rows, baseline ? ['build', 'callers'] : ['callers'])] : rows);
  if (baseline) {
    // Each run measured both at once: the ratio of their CPU per request is what the load around them leaves alone.
    for (const callers of callerCounts) {
      const ratios = [];
      for (let i = 0; i + 1 < rows.length; i += 2)
        if (rows[i].callers === callers) ratios.push(rows[i]['server µs/req'] / rows[i + 1]['server µs/req']);
      ratios.sort((a, b) => a - b);
      console.log(
        `${callers} callers: server CPU per request, current / baseline: median ${ratios[Math.floor((ratios.length - 1) / 2)].toFixed(2)} (runs: ${ratios.map((r) => r.toFixed(2)).join(' ')})`,
      );
    }
  }

  if (flag('direct')) {
    if (ledgerMode !== 'grpc-stub') console.log('(--direct needs --ledger grpc-stub; skipped)');
    else {
      const directRows = [];
      for (const callers of callerCounts) {
        const d = await ask(servers[0].child, { type: 'direct', callers, seconds }, 'direct');
        directRows.push({
          callers,
          evaluations: d.count,
          'eval/s': Math.round(d.count / d.elapsed),
          'µs/eval': Math.round(d.cpuMicros / d.count),
          'p50 ms': d.latencies.p50.toFixed(2),
          'p99 ms': d.latencies.p99.toFixed(2),
        });
      }
      console.log('direct fabric-gateway client (one Contract) over the same gRPC stub, in the server process:');
      console.table(directRows);
    }
  }
  for (const server of servers) console.log(`${server.name}: request log lines written: ${await stopServer(server)}`);
  if (profile) summariseProfile(profile, profiledRequests);
}

if (flag('server')) {
  serve().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(`rest-overhead: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
