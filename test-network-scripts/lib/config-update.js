// JSON steps of a channel configuration update (the protobuf steps are
// configtxlator's): extract the config from a decoded config block, add an
// organisation to the Application group, test for one, and wrap a computed
// update in an envelope.
//   node config-update.js extract BLOCK_JSON
//   node config-update.js has-org CONFIG_JSON MSP_ID          (exit 0 if present)
//   node config-update.js add-org CONFIG_JSON ORG_JSON MSP_ID ANCHOR_HOST ANCHOR_PORT
//   node config-update.js remove-org CONFIG_JSON MSP_ID
//   node config-update.js envelope UPDATE_JSON CHANNEL
//   node config-update.js batching CONFIG_JSON                print BatchTimeout and BatchSize as JSON
//   node config-update.js set-batching CONFIG_JSON TIMEOUT MAX_MESSAGES PREFERRED_BYTES
//                                                           (any of them '-' to keep it)
'use strict';
const fs = require('fs');

const [command, ...args] = process.argv.slice(2);
const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const out = (value) => process.stdout.write(JSON.stringify(value));

switch (command) {
  case 'extract':
    out(read(args[0]).data.data[0].payload.data.config);
    break;
  case 'has-org':
    process.exit(read(args[0]).channel_group.groups.Application.groups[args[1]] ? 0 : 1);
    break;
  case 'add-org': {
    const [configFile, orgFile, mspId, host, port] = args;
    const config = read(configFile);
    const org = read(orgFile);
    org.values.AnchorPeers = {
      mod_policy: 'Admins',
      value: { anchor_peers: [{ host, port: Number(port) }] },
      version: '0',
    };
    config.channel_group.groups.Application.groups[mspId] = org;
    out(config);
    break;
  }
  case 'remove-org': {
    const config = read(args[0]);
    delete config.channel_group.groups.Application.groups[args[1]];
    out(config);
    break;
  }
  case 'batching': {
    const values = read(args[0]).channel_group.groups.Orderer.values;
    out({ batchTimeout: values.BatchTimeout.value.timeout, ...values.BatchSize.value });
    break;
  }
  case 'set-batching': {
    const [configFile, timeout, maxMessages, preferredBytes] = args;
    const config = read(configFile);
    const values = config.channel_group.groups.Orderer.values;
    if (timeout !== '-') values.BatchTimeout.value.timeout = timeout;
    if (maxMessages !== '-') values.BatchSize.value.max_message_count = Number(maxMessages);
    if (preferredBytes !== '-') values.BatchSize.value.preferred_max_bytes = Number(preferredBytes);
    out(config);
    break;
  }
  case 'envelope':
    out({
      payload: {
        header: { channel_header: { channel_id: args[1], type: 2 } },
        data: { config_update: read(args[0]) },
      },
    });
    break;
  default:
    console.error(`unknown command ${command}`);
    process.exit(2);
}
