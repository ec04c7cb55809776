/**
 * The XSD of each ISO 20022 message version the platform generates, and a
 * validator of a message against it (libxml2's XSD validator, via xmllint-wasm).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { MessageType } from './message';

/** Where the schemas come from, and why (for the README). */
export const SCHEMA_SOURCE =
  'XSDs derived from PyPI python-iso20022 0.3.0 (MIT), whose xsdata dataclasses are generated from the ISO 20022 ' +
  'published message definition XSDs: no package registry (npm, PyPI, Maven) ships the ISO 20022 securities XSDs. ' +
  'gateway/scripts/derive-iso20022-xsd.py rebuilds each XSD from the dataclass metadata (element names and order, ' +
  'minOccurs/maxOccurs, facets, code lists, attributes; "...Choice" components as xs:choice); published simple type ' +
  'names are not recoverable, their facets are inlined. Regenerate with `npm run iso20022:xsd`.';

/** The committed XSDs: next to this module in src, or in src when running from dist (tsc does not copy them). */
export const XSD_DIR = ((): string => {
  const here = join(__dirname, 'xsd');
  return existsSync(here) ? here : resolve(__dirname, '../../../src/standards/iso20022/xsd');
})();

/** The XSD file of a message version. */
export function schemaPath(type: MessageType): string {
  return join(XSD_DIR, `${type}.xsd`);
}

/** Every message version's XSD file, by message type. */
export const SCHEMA_FILES: Readonly<Record<MessageType, string>> = Object.fromEntries(
  Object.values(MessageType).map((type) => [type, schemaPath(type)]),
) as Record<MessageType, string>;

/** The outcome of validating one message: errors are libxml2's, one a line, with their line in the message. */
export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

const schemaText = new Map<MessageType, string>();

function schemaOf(type: MessageType): string {
  let text = schemaText.get(type);
  if (text === undefined) {
    text = readFileSync(schemaPath(type), 'utf8');
    schemaText.set(type, text);
  }
  return text;
}

/** libxml2's message without the element namespace or the "Schemas validity error" prefix. */
function readable(message: string): string {
  return message.replace(/^Schemas validity error : /, '').replace(/\{urn:iso:std:iso:20022:tech:xsd:[a-z]{4}\.\d{3}\.\d{3}\.\d{2}\}/g, '');
}

/** Validates a message against the XSD of its message version. */
export async function validateMessage(xml: string, type: MessageType): Promise<ValidationResult> {
  const result = await validateXML({
    xml: { fileName: 'message.xml', contents: xml },
    schema: { fileName: `${type}.xsd`, contents: schemaOf(type) },
  });
  if (result.valid) return { valid: true, errors: [] };
  const errors = result.errors.map((e) => (e.loc ? `line ${String(e.loc.lineNumber)}: ${readable(e.message)}` : readable(e.message)));
  return { valid: false, errors: errors.length > 0 ? errors : [result.rawOutput.trim()] };
}
