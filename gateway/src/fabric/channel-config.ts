/**
 * The institution's MSP in the channel configuration, and the one change a
 * gateway makes to it: publishing its CA's certificate revocation list, so
 * every peer and orderer refuses the revoked certificates.
 *
 * The update touches only the MSP value of the institution's own org group,
 * whose mod_policy is the institution's Admins policy: its MSP admin signs
 * it, without the CSD. Reading uses cscc GetConfigBlock on the institution's
 * peer; the signed update goes to an orderer's Broadcast service.
 */
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { hash, type Network, type Signer } from '@hyperledger/fabric-gateway';
import { common, msp, orderer } from '@hyperledger/fabric-protos';

export interface OrgMsp {
  /** The org's key in the Application group. */
  groupKey: string;
  revocationList: string[];
}

/** google-protobuf's map fields, whose type the package does not ship. */
interface ProtoMap<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  forEach(callback: (value: V, key: string) => void): void;
}
export const groupsOf = (group: common.ConfigGroup) => group.getGroupsMap() as unknown as ProtoMap<common.ConfigGroup>;
export const valuesOf = (group: common.ConfigGroup) => group.getValuesMap() as unknown as ProtoMap<common.ConfigValue>;

const APPLICATION = 'Application';
const MSP_VALUE = 'MSP';

/** The channel's current configuration, from the newest config block the peer holds. */
export async function currentConfig(network: Network): Promise<common.Config> {
  const bytes = await network.getContract('cscc').evaluateTransaction('GetConfigBlock', network.getName());
  const block = common.Block.deserializeBinary(bytes);
  const envelope = common.Envelope.deserializeBinary(block.getData()?.getDataList_asU8()[0] ?? new Uint8Array());
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig();
  if (!config) throw new Error('the config block holds no configuration');
  return config;
}

function application(config: common.Config): common.ConfigGroup {
  const channel = config.getChannelGroup();
  const group = channel ? groupsOf(channel).get(APPLICATION) : undefined;
  if (!group) throw new Error('the channel configuration has no Application group');
  return group;
}

function fabricMsp(value: common.ConfigValue): msp.FabricMSPConfig {
  return msp.FabricMSPConfig.deserializeBinary(msp.MSPConfig.deserializeBinary(value.getValue_asU8()).getConfig_asU8());
}

/** The MSP IDs of the channel's application organisations: the organisations that can endorse. */
export function channelMspIds(config: common.Config): string[] {
  const ids: string[] = [];
  groupsOf(application(config)).forEach((group) => {
    const value = valuesOf(group).get(MSP_VALUE);
    const name = value ? fabricMsp(value).getName() : '';
    if (name !== '') ids.push(name);
  });
  return ids.sort();
}

/** The org whose MSP has this ID, or undefined if it is not in the channel's Application group. */
export function findOrgMsp(config: common.Config, mspId: string): OrgMsp | undefined {
  let found: OrgMsp | undefined;
  groupsOf(application(config)).forEach((group, groupKey) => {
    const value = valuesOf(group).get(MSP_VALUE);
    const fabric = value ? fabricMsp(value) : undefined;
    if (fabric?.getName() === mspId) {
      found = { groupKey, revocationList: fabric.getRevocationListList_asU8().map((crl) => Buffer.from(crl).toString('utf8')) };
    }
  });
  return found;
}

/**
 * The config update that makes `crlPem` the org's revocation list, or
 * undefined when the channel already has exactly that list. Read set: the
 * path to the org at its current versions; write set: the same path with
 * the MSP value at its next version.
 */
export function revocationListUpdate(
  config: common.Config,
  channelId: string,
  mspId: string,
  crlPem: string,
): common.ConfigUpdate | undefined {
  const org = findOrgMsp(config, mspId);
  if (!org) throw new Error(`${mspId} is not in the channel configuration`);
  if (org.revocationList.length === 1 && org.revocationList[0] === crlPem) return undefined;
  const channelGroup = config.getChannelGroup() as common.ConfigGroup;
  const appGroup = application(config);
  const orgGroup = groupsOf(appGroup).get(org.groupKey) as common.ConfigGroup;
  const current = valuesOf(orgGroup).get(MSP_VALUE) as common.ConfigValue;

  const mspConfig = msp.MSPConfig.deserializeBinary(current.getValue_asU8());
  const fabric = fabricMsp(current);
  fabric.setRevocationListList([Buffer.from(crlPem, 'utf8')]);
  mspConfig.setConfig(fabric.serializeBinary());
  const next = new common.ConfigValue();
  next.setVersion(current.getVersion() + 1);
  next.setModPolicy(current.getModPolicy());
  next.setValue(mspConfig.serializeBinary());

  const pathToOrg = (withValue: boolean): common.ConfigGroup => {
    const orgPart = new common.ConfigGroup();
    orgPart.setVersion(orgGroup.getVersion());
    if (withValue) valuesOf(orgPart).set(MSP_VALUE, next);
    const appPart = new common.ConfigGroup();
    appPart.setVersion(appGroup.getVersion());
    groupsOf(appPart).set(org.groupKey, orgPart);
    const root = new common.ConfigGroup();
    root.setVersion(channelGroup.getVersion());
    groupsOf(root).set(APPLICATION, appPart);
    return root;
  };
  const update = new common.ConfigUpdate();
  update.setChannelId(channelId);
  update.setReadSet(pathToOrg(false));
  update.setWriteSet(pathToOrg(true));
  return update;
}

export interface ConfigSigner {
  mspId: string;
  certificate: Buffer;
  signer: Signer;
}

function signatureHeader(id: ConfigSigner): Uint8Array {
  const creator = new msp.SerializedIdentity();
  creator.setMspid(id.mspId);
  creator.setIdBytes(id.certificate);
  const header = new common.SignatureHeader();
  header.setCreator(creator.serializeBinary());
  header.setNonce(randomBytes(24));
  return header.serializeBinary();
}

const sign = async (id: ConfigSigner, bytes: Uint8Array) => id.signer(hash.sha256(bytes));

/** The CONFIG_UPDATE envelope carrying `update`, signed by `id` both as the update's approver and as the submitter. */
export async function signedConfigUpdate(update: common.ConfigUpdate, id: ConfigSigner): Promise<common.Envelope> {
  const updateBytes = update.serializeBinary();
  const approval = new common.ConfigSignature();
  const approvalHeader = signatureHeader(id);
  approval.setSignatureHeader(approvalHeader);
  approval.setSignature(await sign(id, Buffer.concat([approvalHeader, updateBytes])));
  const updateEnvelope = new common.ConfigUpdateEnvelope();
  updateEnvelope.setConfigUpdate(updateBytes);
  updateEnvelope.setSignaturesList([approval]);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.CONFIG_UPDATE);
  channelHeader.setChannelId(update.getChannelId());
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader(id));
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(updateEnvelope.serializeBinary());
  const payloadBytes = payload.serializeBinary();
  const envelope = new common.Envelope();
  envelope.setPayload(payloadBytes);
  envelope.setSignature(await sign(id, payloadBytes));
  return envelope;
}

/**
 * The orderer's Broadcast method, called on a plain gRPC client with our own
 * serialiser: fabric-gateway loads its own copy of the protobuf classes, so
 * the generated client's `instanceof` check can refuse ours.
 */
const BROADCAST = '/orderer.AtomicBroadcast/Broadcast';

/** Sends the envelope to the ordering service; resolves when it accepted it for ordering. */
export function broadcast(client: grpc.Client, envelope: common.Envelope, deadline: Date): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.makeBidiStreamRequest(
      BROADCAST,
      (message: common.Envelope) => Buffer.from(message.serializeBinary()),
      (bytes: Buffer) => orderer.BroadcastResponse.deserializeBinary(bytes),
      new grpc.Metadata(),
      { deadline },
    );
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      stream.end();
      if (error) reject(error);
      else resolve();
    };
    stream.on('data', (response: orderer.BroadcastResponse) => {
      const status = response.getStatus();
      if (status === common.Status.SUCCESS) finish();
      else finish(new Error(`the ordering service refused the configuration update (${String(status)}): ${response.getInfo()}`));
    });
    stream.on('error', (error: grpc.ServiceError) => {
      finish(error);
    });
    stream.on('end', () => {
      finish(new Error('the ordering service closed the stream without an answer'));
    });
    stream.write(envelope);
  });
}
