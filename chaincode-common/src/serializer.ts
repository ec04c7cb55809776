/**
 * The transaction serializer fabric-chaincode-node uses for a chaincode
 * (exported as `serializers` from the chaincode's main module). It is
 * fabric-contract-api's JSONSerializer except for results that are objects:
 * those are plain JSON. The stock serializer hands them to class-transformer's
 * classToPlain, which the installed class-transformer 0.4.1 no longer
 * exports, so `org.hyperledger.fabric:GetMetadata` failed with
 * `classToPlain is not a function`. The chaincodes' own functions all
 * return strings.
 */
import { JSONSerializer } from 'fabric-contract-api';

interface Schema {
  type?: string;
}

export class ChaincodeJsonSerializer extends JSONSerializer {
  override toBuffer(result: unknown, schema: Schema = {}, loggerPrefix?: string): Buffer {
    const primitiveSchema = schema.type === 'string' || schema.type === 'number';
    if (result !== null && typeof result === 'object' && !primitiveSchema) {
      return Buffer.from(JSON.stringify(result), 'utf8');
    }
    return super.toBuffer(result, schema, loggerPrefix);
  }
}

/** What fabric-chaincode-node reads from the main module to pick the serializer, registered under `name`. */
export function jsonSerializers<N extends string>(name: N): { transaction: N; serializers: Record<N, typeof ChaincodeJsonSerializer> } {
  return { transaction: name, serializers: { [name]: ChaincodeJsonSerializer } as Record<N, typeof ChaincodeJsonSerializer> };
}
