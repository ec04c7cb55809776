import { generateKeyPairSync, verify } from 'node:crypto';
import { common, msp } from '@hyperledger/fabric-protos';
import { keySigner } from './connection';
import { channelMspIds, findOrgMsp, groupsOf, revocationListUpdate, signedConfigUpdate, valuesOf } from './channel-config';

function group(version: number): common.ConfigGroup {
  const g = new common.ConfigGroup();
  g.setVersion(version);
  return g;
}

function orgGroup(mspId: string, mspVersion: number, crls: string[]): common.ConfigGroup {
  const fabric = new msp.FabricMSPConfig();
  fabric.setName(mspId);
  fabric.setRevocationListList(crls.map((c) => Buffer.from(c)));
  const config = new msp.MSPConfig();
  config.setType(0);
  config.setConfig(fabric.serializeBinary());
  const value = new common.ConfigValue();
  value.setVersion(mspVersion);
  value.setModPolicy('Admins');
  value.setValue(config.serializeBinary());
  const org = group(1);
  valuesOf(org).set('MSP', value);
  return org;
}

/** A channel with the CSD and a bank, the bank's group keyed by a name that is not its MSP ID. */
function channelConfig(bankCrls: string[] = []): common.Config {
  const application = group(3);
  groupsOf(application).set('CSDMSP', orgGroup('CSDMSP', 0, []));
  groupsOf(application).set('bank-org', orgGroup('BankMSP', 2, bankCrls));
  const channel = group(0);
  groupsOf(channel).set('Application', application);
  const config = new common.Config();
  config.setChannelGroup(channel);
  return config;
}

const CRL = '-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n';

describe('revocation lists in the channel configuration', () => {
  it("lists the application organisations' MSP IDs (whatever their group keys), the only ones that can endorse", () => {
    expect(channelMspIds(channelConfig())).toEqual(['BankMSP', 'CSDMSP']);
  });

  it("finds an org's MSP by its MSP ID and reads its revocation list", () => {
    expect(findOrgMsp(channelConfig(['old']), 'BankMSP')).toEqual({ groupKey: 'bank-org', revocationList: ['old'] });
    expect(findOrgMsp(channelConfig(), 'FundMSP')).toBeUndefined();
  });

  it('updates only the MSP value, at its next version, reading the path at current versions', () => {
    const update = revocationListUpdate(channelConfig(['old']), 'bonds', 'BankMSP', CRL);
    if (!update) throw new Error('expected an update');
    expect(update.getChannelId()).toBe('bonds');
    const read = update.getReadSet() as common.ConfigGroup;
    const write = update.getWriteSet() as common.ConfigGroup;
    for (const set of [read, write]) {
      expect(set.getVersion()).toBe(0);
      const app = groupsOf(set).get('Application') as common.ConfigGroup;
      expect(app.getVersion()).toBe(3);
      expect((groupsOf(app).get('bank-org') as common.ConfigGroup).getVersion()).toBe(1);
      expect(groupsOf(app).get('CSDMSP')).toBeUndefined();
    }
    const readOrg = groupsOf(groupsOf(read).get('Application') as common.ConfigGroup).get('bank-org') as common.ConfigGroup;
    expect(valuesOf(readOrg).get('MSP')).toBeUndefined();
    const written = valuesOf(groupsOf(groupsOf(write).get('Application') as common.ConfigGroup).get('bank-org') as common.ConfigGroup).get(
      'MSP',
    ) as common.ConfigValue;
    expect(written.getVersion()).toBe(3);
    expect(written.getModPolicy()).toBe('Admins');
    const fabric = msp.FabricMSPConfig.deserializeBinary(msp.MSPConfig.deserializeBinary(written.getValue_asU8()).getConfig_asU8());
    expect(fabric.getName()).toBe('BankMSP');
    expect(fabric.getRevocationListList_asU8().map((c) => Buffer.from(c).toString())).toEqual([CRL]);
  });

  it('changes nothing when the channel already has that list, and refuses an org not in the channel', () => {
    expect(revocationListUpdate(channelConfig([CRL]), 'bonds', 'BankMSP', CRL)).toBeUndefined();
    expect(() => revocationListUpdate(channelConfig(), 'bonds', 'FundMSP', CRL)).toThrow(/not in the channel/);
  });

  it("is signed by the institution's admin as approver and as submitter", async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const update = revocationListUpdate(channelConfig(), 'bonds', 'BankMSP', CRL) as common.ConfigUpdate;
    const envelope = await signedConfigUpdate(update, {
      mspId: 'BankMSP',
      certificate: Buffer.from('admin certificate'),
      signer: keySigner(Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' }))),
    });
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    expect(verify('sha256', envelope.getPayload_asU8(), publicKey, envelope.getSignature_asU8())).toBe(true);
    const header = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
    expect(header.getType()).toBe(common.HeaderType.CONFIG_UPDATE);
    expect(header.getChannelId()).toBe('bonds');
    const updateEnvelope = common.ConfigUpdateEnvelope.deserializeBinary(payload.getData_asU8());
    expect(Buffer.from(updateEnvelope.getConfigUpdate_asU8())).toEqual(Buffer.from(update.serializeBinary()));
    const [approval] = updateEnvelope.getSignaturesList();
    const signed = Buffer.concat([approval?.getSignatureHeader_asU8() ?? new Uint8Array(), updateEnvelope.getConfigUpdate_asU8()]);
    expect(verify('sha256', signed, publicKey, approval?.getSignature_asU8() ?? new Uint8Array())).toBe(true);
    const creator = msp.SerializedIdentity.deserializeBinary(
      common.SignatureHeader.deserializeBinary(approval?.getSignatureHeader_asU8() ?? new Uint8Array()).getCreator_asU8(),
    );
    expect(creator.getMspid()).toBe('BankMSP');
  });
});
