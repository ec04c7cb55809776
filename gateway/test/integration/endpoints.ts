/**
 * Every TLS endpoint of the running test network, read from its topology
 * the way the scripts read it (test-network-scripts/lib/common.sh's
 * load_topology: network/topology.env, then each onboarded institution's
 * topology.d/NAME.env), and probes of what a client without TLS gets there.
 *
 * Not listed: the REST gateways (plain HTTP by design, behind the
 * institution's own TLS termination) and the CAs' operations endpoints
 * (CA_OPS_PORT), which the test network starts without TLS
 * (fabric-ca-server's operations.tls is not enabled in lib/ca.sh); they
 * serve only /healthz.
 */
import * as grpc from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { defaultNetworkHome } from '../../src/ledger-check/test-network';
import { SCRIPTS } from './onboard';

export interface Endpoint {
  /** e.g. "peer0-bank", "orderer1 admin". */
  name: string;
  host: string;
  port: number;
  /** gRPC over TLS, or HTTPS. */
  protocol: 'grpc' | 'https';
}

/** The topology's variables after load_topology, as the scripts see them. */
function topologyVariables(): Map<string, string> {
  const script = `source "${path.join(SCRIPTS, 'lib', 'common.sh')}" && load_topology && env -0`;
  const output = execFileSync('bash', ['-c', script], {
    env: { ...process.env, BOND_NETWORK_HOME: defaultNetworkHome() },
    encoding: 'utf8',
  });
  return new Map(
    output
      .split('\0')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/**
 * Each organisation's peer (its gRPC service, its chaincode listener and its
 * operations endpoint), chaincode server (and the benchmark's where
 * deployed) and CA, and each orderer (its gRPC service, channel
 * participation admin endpoint and operations endpoint).
 */
export function tlsEndpoints(): Endpoint[] {
  const vars = topologyVariables();
  const get = (name: string): string => {
    const value = vars.get(name);
    if (value === undefined || value === '') throw new Error(`the topology has no ${name}`);
    return value;
  };
  const at = (name: string, hostVar: string, portVar: string, protocol: Endpoint['protocol']): Endpoint => ({
    name,
    host: get(hostVar),
    port: Number(get(portVar)),
    protocol,
  });
  const endpoints: Endpoint[] = [];
  for (const org of get('ORGS').split(/\s+/).filter(Boolean)) {
    const o = org.toUpperCase();
    endpoints.push(
      at(`peer0-${org}`, `${o}_PEER_HOST`, `${o}_PEER_PORT`, 'grpc'),
      at(`peer0-${org} chaincode listener`, `${o}_PEER_HOST`, `${o}_PEER_CC_PORT`, 'grpc'),
      at(`peer0-${org} operations`, `${o}_PEER_HOST`, `${o}_PEER_OPS_PORT`, 'https'),
      at(`chaincode-${org}`, `${o}_CHAINCODE_HOST`, `${o}_CHAINCODE_PORT`, 'grpc'),
      at(`ca-${org}`, `${o}_CA_HOST`, `${o}_CA_PORT`, 'https'),
    );
    // As network_processes: the benchmark's chaincode server runs only where npm run bench deployed it.
    if (existsSync(path.join(defaultNetworkHome(), 'chaincode-benchmark', org, 'package-id'))) {
      endpoints.push(at(`benchmark-${org}`, `${o}_CHAINCODE_HOST`, `${o}_BENCHMARK_CHAINCODE_PORT`, 'grpc'));
    }
  }
  for (const orderer of get('ORDERERS').split(/\s+/).filter(Boolean)) {
    const o = orderer.toUpperCase();
    endpoints.push(
      at(orderer, `${o}_HOST`, `${o}_PORT`, 'grpc'),
      at(`${orderer} admin`, `${o}_HOST`, `${o}_ADMIN_PORT`, 'https'),
      at(`${orderer} operations`, `${o}_HOST`, `${o}_OPS_PORT`, 'https'),
    );
  }
  return endpoints;
}

/** The TLS protocol the endpoint negotiates with a client that trusts anything (it speaks TLS at all), or the error. */
export function tlsHandshake(endpoint: Endpoint): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      {
        host: endpoint.host,
        port: endpoint.port,
        rejectUnauthorized: false,
        ALPNProtocols: endpoint.protocol === 'grpc' ? ['h2'] : ['http/1.1'],
        timeout: 5_000,
      },
      () => {
        resolve(socket.getProtocol() ?? 'unknown');
        socket.destroy();
      },
    );
    socket.on('timeout', () => {
      socket.destroy();
      reject(new Error(`${endpoint.name}: no TLS handshake within 5 s`));
    });
    socket.on('error', reject);
  });
}

/** What a gRPC client without TLS gets from the endpoint for a unary call: its status code (OK would mean it was served). */
export function plaintextGrpcCall(endpoint: Endpoint): Promise<grpc.status> {
  const client = new grpc.Client(`${endpoint.host}:${String(endpoint.port)}`, grpc.credentials.createInsecure());
  return new Promise<grpc.status>((resolve) => {
    client.makeUnaryRequest(
      '/protos.Endorser/ProcessProposal',
      (value: Buffer) => value,
      (bytes: Buffer) => bytes,
      Buffer.alloc(0),
      { deadline: Date.now() + 5_000 },
      (error) => {
        resolve(error ? error.code : grpc.status.OK);
      },
    );
  }).finally(() => {
    client.close();
  });
}

/** What a plain-HTTP client gets from the endpoint: the status and body, or the connection error. */
export function plaintextHttpGet(endpoint: Endpoint): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: endpoint.host, port: endpoint.port, path: '/', timeout: 5_000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', (error) => {
      resolve({ error: error.message });
    });
    req.end();
  });
}
