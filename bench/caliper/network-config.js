// Writes Hyperledger Caliper's network configuration (Caliper 0.6, fabric
// connector, configuration version 2.0) for the running test network, from
// $BOND_NETWORK_HOME/network.json: per organisation a connection profile with
// its gateway peer (endpoint, TLS root certificate, TLS host name) and the
// demo users' certificate and key files as identities. The paths in
// network.json belong to this clone, so the configuration is generated, never
// committed. Test-network material only.
//
// Usage: node bench/caliper/network-config.js [--network-home DIR] [--out DIR]
//                                             [--chaincodes benchmark,bond]
// Writes DIR/test-network.yaml and DIR/profiles/<org>.yaml (default DIR:
// $BOND_NETWORK_HOME/bench/caliper) and prints the configuration's path.
'use strict';
const fs = require('fs');
const path = require('path');

// The user each organisation submits as by default: Caliper takes an
// organisation's first identity when a request names none.
const DEFAULT_USER = 'operator1';

function parseArgs(argv) {
  const home = process.env.BOND_NETWORK_HOME || path.resolve(__dirname, '../../.network-state');
  const options = { networkHome: home, out: undefined, chaincodes: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--network-home') options.networkHome = path.resolve(value);
    else if (flag === '--out') options.out = path.resolve(value);
    else if (flag === '--chaincodes') options.chaincodes = value.split(',').filter(Boolean);
    else throw new Error(`unknown option ${flag}`);
  }
  options.out = options.out || path.join(options.networkHome, 'bench', 'caliper');
  return options;
}

// A small YAML writer for maps, lists and scalars: strings are written as
// JSON strings, which YAML reads as double-quoted scalars.
function toYaml(value, indent = '') {
  const scalar = (v) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const isBlock = (v) => v !== null && typeof v === 'object' && Object.keys(v).length > 0;
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        if (!isBlock(item)) return `${indent}- ${scalar(item)}\n`;
        // The first key of a map in a list shares the dash's line.
        return `${indent}- ${toYaml(item, `${indent}  `).slice(indent.length + 2)}`;
      })
      .join('');
  }
  return Object.entries(value)
    .map(([key, v]) => (isBlock(v) ? `${indent}${key}:\n${toYaml(v, `${indent}  `)}` : `${indent}${key}: ${scalar(v)}\n`))
    .join('');
}

function requireFile(file, what) {
  if (!fs.existsSync(file)) throw new Error(`${what} ${file} does not exist: is the network up?`);
  return file;
}

/** The Fabric common connection profile of one organisation: its gateway peer. */
function connectionProfile(org, description) {
  const peerName = description.peer.hostAlias;
  return {
    name: `bond-platform-${org}`,
    version: '1.0.0',
    client: { organization: description.mspId },
    organizations: { [description.mspId]: { mspid: description.mspId, peers: [peerName] } },
    peers: {
      [peerName]: {
        url: `grpcs://${description.peer.endpoint}`,
        tlsCACerts: { path: requireFile(description.peer.tlsRootCertPath, `${org}'s peer TLS root`) },
        // The peer's TLS certificate names its host alias (and 127.0.0.1).
        grpcOptions: { 'ssl-target-name-override': description.peer.hostAlias },
      },
    },
  };
}

/** The demo users as Caliper identities, DEFAULT_USER first. */
function identities(org, users) {
  const names = Object.keys(users).sort((a, b) => (a === DEFAULT_USER ? -1 : b === DEFAULT_USER ? 1 : a.localeCompare(b)));
  if (!names.includes(DEFAULT_USER)) throw new Error(`${org} has no ${DEFAULT_USER} user in network.json`);
  return names.map((name) => ({
    name,
    admin: name === 'admin',
    clientPrivateKey: { path: requireFile(users[name].keyPath, `${org}/${name}'s key`) },
    clientSignedCert: { path: requireFile(users[name].certPath, `${org}/${name}'s certificate`) },
  }));
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const networkFile = requireFile(path.join(options.networkHome, 'network.json'), 'the test network description');
  const network = JSON.parse(fs.readFileSync(networkFile, 'utf8'));
  // Default: the benchmark's baseline chaincode and the product's chaincode.
  const chaincodes = [...new Set(options.chaincodes || ['benchmark', network.chaincode])];
  const profilesDir = path.join(options.out, 'profiles');
  fs.mkdirSync(profilesDir, { recursive: true, mode: 0o700 });

  const organizations = Object.entries(network.organizations).map(([org, description]) => {
    const profilePath = path.join(profilesDir, `${org}.yaml`);
    fs.writeFileSync(profilePath, toYaml(connectionProfile(org, description)), { mode: 0o600 });
    // discover: the peer's gateway service finds the other organisations' peers itself.
    return {
      mspid: description.mspId,
      identities: { certificates: identities(org, description.users) },
      connectionProfile: { path: profilePath, discover: true },
    };
  });

  const config = {
    name: 'bond-platform-test-network',
    version: '2.0.0',
    caliper: { blockchain: 'fabric', sutOptions: { mutualTls: false } },
    channels: [{ channelName: network.channel, contracts: chaincodes.map((id) => ({ id })) }],
    organizations,
  };
  const header = `# Generated by bench/caliper/network-config.js from ${networkFile}; test-network material only.\n`;
  const configPath = path.join(options.out, 'test-network.yaml');
  fs.writeFileSync(configPath, header + toYaml(config), { mode: 0o600 });
  process.stdout.write(`${configPath}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`network-config: ${error.message}\n`);
  process.exitCode = 1;
}
