/**
 * The JSON Schemas of the BDT document (bdt-document.schema.json, draft-07,
 * as the gateway's ajv reads them) and of the platform's extension
 * (cn-interbank-extension.schema.json, referenced by its URN), compiled
 * once; and the document's schema with the extension inlined, for the
 * OpenAPI document (which takes no external references).
 */
import Ajv, { type ErrorObject } from 'ajv';
import documentSchema from './bdt-document.schema.json';
import extensionSchema from './cn-interbank-extension.schema.json';
import type { BdtDocument } from './bdt-document';
import { CN_INTERBANK_EXTENSION } from './cn-interbank-extension';

export type JsonSchema = Record<string, unknown>;

const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
ajv.addSchema(extensionSchema);
const validate = ajv.compile<BdtDocument>(documentSchema as JsonSchema);

/** Whether `doc` has the shape and value formats of a BDT document (the extension's included); the problems if not. */
export function checkBdtShape(doc: unknown): { valid: true; doc: BdtDocument } | { valid: false; errors: ErrorObject[] } {
  return validate(doc) ? { valid: true, doc } : { valid: false, errors: validate.errors ?? [] };
}

/** The raw schemas, as committed. */
export const BDT_DOCUMENT_SCHEMA = documentSchema as JsonSchema;
export const CN_INTERBANK_EXTENSION_SCHEMA = extensionSchema as JsonSchema;

/** The document's schema self-contained: the extension inlined where it is referenced, without $schema and $id. */
export function bdtDocumentSchemaInline(): JsonSchema {
  const strip = (schema: JsonSchema): JsonSchema =>
    Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema' && key !== '$id'));
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (typeof value !== 'object' || value === null) return value;
    if ((value as { $ref?: unknown }).$ref === CN_INTERBANK_EXTENSION) return strip(CN_INTERBANK_EXTENSION_SCHEMA);
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, inline(v)]));
  };
  return inline(strip(BDT_DOCUMENT_SCHEMA)) as JsonSchema;
}
