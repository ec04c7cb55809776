/**
 * The gateway connection's signatures are what Fabric verifies: ECDSA over
 * the SHA-256 of the signed bytes, DER-encoded, with a low S (a peer refuses
 * a high one), for the P-256 and P-384 keys Fabric CAs issue; and a proposal
 * sent through connectGateway carries such a signature of its own bytes.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { gateway as gatewayProtos, peer } from '@hyperledger/fabric-protos';
import { connectGateway, gatewaySigning } from './connection';

const ORDERS: Record<string, bigint> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

/** r and s of a DER ECDSA signature, parsed strictly (minimal lengths and integers, nothing left over). */
function parseDer(signature: Uint8Array): { r: bigint; s: bigint } {
  const bytes = Buffer.from(signature);
  expect([bytes[0], bytes[1]]).toEqual([0x30, bytes.length - 2]);
  let at = 2;
  const integer = (): bigint => {
    expect(bytes[at]).toBe(0x02);
    const length = bytes[at + 1] ?? 0;
    const value = bytes.subarray(at + 2, at + 2 + length);
    expect(value.length).toBe(length);
    expect((value[0] ?? 0) & 0x80).toBe(0);
    if (value.length > 1) expect(value[0] !== 0 || ((value[1] ?? 0) & 0x80) !== 0).toBe(true);
    at += 2 + length;
    return BigInt(`0x${value.toString('hex')}`);
  };
  const r = integer();
  const s = integer();
  expect(at).toBe(bytes.length);
  return { r, s };
}

function ecKey(namedCurve: string): { privatePem: Buffer; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
  return { privatePem: Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' })), publicKey };
}

describe('gateway connection signatures', () => {
  it.each(['prime256v1', 'secp384r1'])('sign the SHA-256 of the whole message, in strict DER with a low S (%s)', async (namedCurve) => {
    const { privatePem, publicKey } = ecKey(namedCurve);
    const { signer, hash } = gatewaySigning(privatePem);
    const order = ORDERS[namedCurve] ?? 0n;
    for (let i = 0; i < 200; i++) {
      const message = randomBytes(1 + (i % 300));
      expect(hash(message)).toEqual(message);
      const signature = await signer(hash(message));
      const { r, s } = parseDer(signature);
      expect(r > 0n && r < order).toBe(true);
      expect(s > 0n && s <= order >> 1n).toBe(true);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
      expect(verify('sha256', randomBytes(32), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(false);
    }
  });

  it('sign an evaluated proposal as the peer verifies it', async () => {
    const { privatePem, publicKey } = ecKey('prime256v1');
    const sent: gatewayProtos.EvaluateRequest[] = [];
    const client = {
      makeUnaryRequest: (
        _method: string,
        serialize: (value: unknown) => Buffer,
        deserialize: (bytes: Buffer) => unknown,
        request: gatewayProtos.EvaluateRequest,
        _options: unknown,
        callback: (error: null, value: unknown) => void,
      ) => {
        serialize(request);
        sent.push(request);
        const response = new gatewayProtos.EvaluateResponse();
        const result = new peer.Response();
        result.setStatus(200);
        result.setPayload(Buffer.from('"ok"'));
        response.setResult(result);
        callback(null, deserialize(Buffer.from(response.serializeBinary())));
        return { cancel: () => undefined };
      },
    } as unknown as grpc.Client;
    const gateway = connectGateway(client, { mspId: 'CSDMSP', certificate: Buffer.from('certificate'), privateKey: privatePem });
    const answer = await gateway.getNetwork('bondchannel').getContract('bond', 'Membership').evaluateTransaction('GetMember', 'CSDMSP');
    expect(Buffer.from(answer).toString()).toBe('"ok"');
    const signed = sent[0]?.getProposedTransaction();
    const signature = signed?.getSignature_asU8() ?? new Uint8Array();
    expect(parseDer(signature).s <= (ORDERS.prime256v1 ?? 0n) >> 1n).toBe(true);
    expect(
      verify(
        'sha256',
        signed?.getProposalBytes_asU8() ?? new Uint8Array(),
        { key: createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), dsaEncoding: 'der' },
        signature,
      ),
    ).toBe(true);
    gateway.close();
  });

  it('sign other keys with fabric-gateway, over a SHA-256 digest', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const { hash } = gatewaySigning(Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' })));
    expect(hash(Buffer.from('abc'))).toHaveLength(32);
  });
});
