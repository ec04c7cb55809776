/**
 * The transaction serializer fabric-chaincode-node uses for this chaincode
 * (exported as `serializers` from the package's main module), as on the
 * bond ledger: fabric-contract-api's JSONSerializer except for results that
 * are objects, which are plain JSON. The stock serializer hands them to
 * class-transformer's classToPlain, which the installed class-transformer
 * no longer exports, so `org.hyperledger.fabric:GetMetadata` would fail.
 * The cash functions all return strings.
 */
import { JSONSerializer } from 'fabric-contract-api';

interface Schema {
  type?: string;
}

export class CashJsonSerializer extends JSONSerializer {
  override toBuffer(result: unknown, schema: Schema = {}, loggerPrefix?: string): Buffer {
    const primitiveSchema = schema.type === 'string' || schema.type === 'number';
    if (result !== null && typeof result === 'object' && !primitiveSchema) {
      return Buffer.from(JSON.stringify(result), 'utf8');
    }
    return super.toBuffer(result, schema, loggerPrefix);
  }
}

/** What fabric-chaincode-node reads from the main module to pick the serializer. */
export const serializers = {
  transaction: 'cashJson',
  serializers: { cashJson: CashJsonSerializer },
};
